import { html } from '../../session/views/html';
import { renderPage, Viewer } from '../../session/views/layout';
import { timeOf } from '../../session/views/time';
import type { ClientPageView, ClientView } from '../presenters/client.response';
import { clientPath, CONSOLE_PATH, mayChange, noticeBox, secretLine, tryIt } from './console-parts';

/** `GET /organization/api-clients`: the organization's API clients, a page at a time. */
export function apiClientsPage(
  page: ClientPageView,
  viewer: Viewer,
  tokenUrl: string,
  notice?: string,
  organizationName?: string,
): string {
  return renderPage({
    title: 'API clients',
    viewer,
    body: html`${noticeBox(notice)}
      <div class="card">
        <h1>API clients</h1>
        <p>
          Machine credentials of ${organizationName ?? 'your organization'}: each gets tokens with
          the client-credentials grant, limited to its scopes. ${page.totalSize} in all.
        </p>
        ${
          mayChange(viewer)
            ? html`<p>
                <a class="button" id="register" href="${CONSOLE_PATH}/new">Register a client</a>
              </p>`
            : undefined
        }
        ${
          page.clients.length === 0
            ? html`<p id="no-clients">No API clients yet.</p>`
            : html`<div class="table-wrap">
                <table id="clients">
                  <thead>
                    <tr>
                      <th>Name</th>
                      <th>Scopes</th>
                      <th>Audience</th>
                      <th>Created</th>
                      <th>Secrets</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${page.clients.map((client) => row(client, tokenUrl))}
                  </tbody>
                </table>
              </div>`
        }
        <p>
          ${
            page.prevPageToken
              ? html`<a href="?pageToken=${page.prevPageToken}" rel="prev">Previous</a> `
              : undefined
          }
          ${
            page.nextPageToken
              ? html`<a href="?pageToken=${page.nextPageToken}" rel="next">Next</a>`
              : undefined
          }
        </p>
      </div>`,
  });
}

function row(client: ClientView, tokenUrl: string) {
  return html`<tr>
      <td>
        <a href="${clientPath(client)}"><strong>${client.name}</strong></a
        ><br /><code>${client.clientId}</code>
        ${client.description ? html`<br /><small>${client.description}</small>` : undefined}
      </td>
      <td>${client.scopes.map((s) => html`<code>${s}</code> `)}</td>
      <td>${client.audience.join(', ') || '-'}</td>
      <td>${client.createdAt ? timeOf(client.createdAt) : '-'}</td>
      <td>${client.secrets.map((secret) => html`<div>${secretLine(secret)}</div>`)}</td>
    </tr>
    <tr class="try-it">
      <td colspan="5">${tryIt(client, tokenUrl)}</td>
    </tr>`;
}
