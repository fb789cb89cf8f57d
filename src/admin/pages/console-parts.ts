import { html, SafeHtml } from '../../session/views/html';
import type { Viewer } from '../../session/views/layout';
import { timeOf } from '../../session/views/time';
import type { ProblemDetail } from '../errors/admin-http.error';
import type { ClientView, SecretMetadataView } from '../presenters/client.response';

/** Where the console lives; every page of it is under this path. */
export const CONSOLE_PATH = '/organization/api-clients';

/** The console's same-origin script: the copy button, forms that are sent once. */
export const CONSOLE_SCRIPT_PATH = `${CONSOLE_PATH}/console.js`;

export const clientPath = (client: Pick<ClientView, 'clientId'>): string =>
  `${CONSOLE_PATH}/${encodeURIComponent(client.clientId)}`;

/** Read-only admins see the console without its write buttons. */
export const mayChange = (viewer: Viewer): boolean =>
  viewer.permissions.includes('api_clients:write');

/**
 * Outcomes a redirect after a change names; the page shows the fixed sentence, never text from
 * the query string.
 */
export const NOTICES = {
  deleted: 'The API client was deleted. Its secrets no longer get tokens.',
  updated: 'The API client was saved.',
  unchanged: 'Nothing was changed.',
  'secret-removed': 'The secret was removed. It no longer gets tokens.',
} as const;

export type NoticeName = keyof typeof NOTICES;

export function noticeOf(name: unknown): string | undefined {
  return typeof name === 'string' && Object.hasOwn(NOTICES, name)
    ? NOTICES[name as NoticeName]
    : undefined;
}

export function noticeBox(notice: string | undefined): SafeHtml | undefined {
  return notice ? html`<p class="notice" role="status" id="notice">${notice}</p>` : undefined;
}

/** What was wrong with a refused change, field by field, above the form that is shown again. */
export function problemsBox(
  message: string | undefined,
  problems: readonly ProblemDetail[] = [],
): SafeHtml | undefined {
  if (!message) return undefined;
  return html`<div role="alert" id="problems">
    <p class="error">${message}</p>
    ${
      problems.length > 0
        ? html`<ul class="problems">
            ${problems.map((p) => html`<li><code>${p.field}</code> ${p.problem}</li>`)}
          </ul>`
        : undefined
    }
  </div>`;
}

export function secretLine(secret: SecretMetadataView): SafeHtml {
  return html`<code>…${secret.suffix}</code> ${secret.status}, last used
    ${secret.lastUsedAt ? timeOf(secret.lastUsedAt) : 'never'}`;
}

/** The client-credentials request for this client, for a developer to paste. */
export function tryIt(client: ClientView, tokenUrl: string): SafeHtml {
  return html`<details>
    <summary>Try it</summary>
    <pre><code>curl -X POST ${tokenUrl} \\
  -d grant_type=client_credentials \\
  -d client_id=${client.clientId} \\
  -d client_secret=YOUR_SECRET</code></pre>
  </details>`;
}
