import { csrfField, renderPage, Viewer } from '../../session/views/layout';
import { html, SafeHtml } from '../../session/views/html';
import { timeOf } from '../../session/views/time';
import { CLIENT_TOKEN_LIFETIME } from '../../scalekit/client-token-lifetime';
import type { ClientView, SecretMetadataView } from '../presenters/client.response';
import {
  clientPath,
  CONSOLE_PATH,
  CONSOLE_SCRIPT_PATH,
  mayChange,
  noticeBox,
  problemsBox,
  secretLine,
  tryIt,
} from './console-parts';

export interface ClientPageOptions {
  readonly notice?: string;
  /** A refused change on this page (removing the last secret without confirming it). */
  readonly problem?: string;
  /** A fresh key for the add-secret form, so a resubmitted form replays instead of adding two. */
  readonly formKey: string;
}

/** `GET /organization/api-clients/:clientId`: one client, its secrets, and what may be done to it. */
export function apiClientPage(
  client: ClientView,
  viewer: Viewer,
  tokenUrl: string,
  options: ClientPageOptions,
): string {
  const write = mayChange(viewer);
  const claims = Object.entries(client.customClaims);
  const active = client.secrets.filter((s) => s.status === 'active').length;
  return renderPage({
    title: client.name,
    viewer,
    scripts: [CONSOLE_SCRIPT_PATH],
    body: html`${noticeBox(options.notice)}
      <div class="card">
        <p><a href="${CONSOLE_PATH}">← API clients</a></p>
        <h1>${client.name}</h1>
        ${problemsBox(options.problem)}
        <dl>
          <dt>Client id</dt>
          <dd><code id="client-id">${client.clientId}</code></dd>
          <dt>Description</dt>
          <dd>${client.description || '-'}</dd>
          <dt>Scopes</dt>
          <dd>${client.scopes.map((s) => html`<code>${s}</code> `)}</dd>
          <dt>Audience</dt>
          <dd>${client.audience.join(', ') || '-'}</dd>
          <dt>Custom claims</dt>
          <dd>
            ${claims.length > 0 ? claims.map(([k, v]) => html`<code>${k}=${v}</code> `) : '-'}
          </dd>
          <dt>Token lifetime</dt>
          <dd>
            ${
              client.expirySeconds === null
                ? `Scalekit's default (${CLIENT_TOKEN_LIFETIME.defaultSeconds} s)`
                : `${client.expirySeconds} s`
            }
          </dd>
          <dt>Created</dt>
          <dd>${client.createdAt ? timeOf(client.createdAt) : '-'}</dd>
        </dl>
        ${
          write
            ? html`<div class="actions">
                <a class="button secondary" id="edit" href="${clientPath(client)}/edit">Edit</a>
                <a class="button danger" id="delete" href="${clientPath(client)}/delete">Delete…</a>
              </div>`
            : undefined
        }
        ${tryIt(client, tokenUrl)}
      </div>
      <div class="card">
        <h2>Secrets</h2>
        <p class="hint">
          To rotate: add a secret, give it to the client, then remove the old one. The last active
          secret can only be removed on purpose: without one the client gets no more tokens.
        </p>
        <ul id="secrets">
          ${client.secrets.map((s) => secretItem(client, s, write, active, viewer.csrfToken))}
        </ul>
        ${
          write
            ? html`<form method="post" action="${clientPath(client)}/secrets" data-submit-once>
                ${csrfField(viewer.csrfToken)}
                <input type="hidden" name="idempotencyKey" value="${options.formKey}" />
                <button type="submit" id="add-secret">Add a secret</button>
              </form>`
            : undefined
        }
      </div>`,
  });
}

function secretItem(
  client: ClientView,
  secret: SecretMetadataView,
  write: boolean,
  active: number,
  csrfToken: string,
): SafeHtml {
  const last = secret.status === 'active' && active === 1;
  return html`<li>
    ${secretLine(secret)}
    ${
      write
        ? html`<form
            method="post"
            action="${clientPath(client)}/secrets/${encodeURIComponent(secret.id)}/remove"
          >
            ${csrfField(csrfToken)}
            ${
              last
                ? html`<label class="confirm"
                    ><input type="checkbox" name="force" value="true" /> This is the only active
                    secret: remove it anyway, and the client gets no more tokens</label
                  >`
                : undefined
            }
            <button type="submit" class="secondary" data-secret="${secret.id}">Remove</button>
          </form>`
        : undefined
    }
  </li>`;
}
