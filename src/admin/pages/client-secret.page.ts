import { renderPage, Viewer } from '../../session/views/layout';
import { html } from '../../session/views/html';
import type { ClientView } from '../presenters/client.response';
import { clientPath, CONSOLE_PATH, CONSOLE_SCRIPT_PATH } from './console-parts';

export interface SecretShownOnce {
  readonly client: Pick<ClientView, 'clientId' | 'name'>;
  /** The plain secret; absent when this answer replays a form already submitted. */
  readonly plainSecret?: string;
  /** A new client (registered) or a new secret of an existing one (rotation). */
  readonly kind: 'client' | 'secret';
}

/**
 * The one page that ever shows a plain secret: served `no-store` (so neither reload, back
 * button nor history brings it back from a cache), and a resubmitted form shows that it was
 * already shown instead of showing it again.
 */
export function clientSecretPage(shown: SecretShownOnce, viewer: Viewer): string {
  const { client, plainSecret } = shown;
  const title = shown.kind === 'client' ? 'API client registered' : 'Secret added';
  return renderPage({
    title,
    viewer,
    scripts: [CONSOLE_SCRIPT_PATH],
    body: html`<div class="card">
      <h1>${title}</h1>
      <dl>
        <dt>Name</dt>
        <dd>${client.name}</dd>
        <dt>Client id</dt>
        <dd><code id="client-id">${client.clientId}</code></dd>
      </dl>
      ${
        plainSecret === undefined
          ? html`<p class="warning" id="already-shown">
              This form was already sent, and its secret was shown then. It is not kept anywhere and
              cannot be shown again: if it was not copied, add a new secret and remove this one.
            </p>`
          : html`<p class="warning" role="alert">
                <strong>Copy the secret now.</strong> This is the only time it is shown: it is not
                stored here, and leaving or reloading this page loses it.
              </p>
              <p><code class="secret" id="secret">${plainSecret}</code></p>
              <div class="actions">
                <button type="button" data-copy="secret" id="copy">Copy secret</button>
                <span id="copy-status" role="status"></span>
              </div>`
      }
      ${
        shown.kind === 'secret'
          ? html`<p>
              Give the new secret to the client, then remove the old one from the
              <a href="${clientPath(client)}">client's page</a>.
            </p>`
          : undefined
      }
      <div class="actions">
        <a class="button secondary" href="${clientPath(client)}" id="done">Done</a>
        <a href="${CONSOLE_PATH}">All API clients</a>
      </div>
    </div>`,
  });
}
