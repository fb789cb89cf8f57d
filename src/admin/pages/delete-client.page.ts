import { csrfField, renderPage, Viewer } from '../../session/views/layout';
import { html } from '../../session/views/html';
import type { ClientView } from '../presenters/client.response';
import { clientPath } from './console-parts';

/** `GET /organization/api-clients/:clientId/delete`: what deleting means, and one button. */
export function deleteClientPage(client: ClientView, viewer: Viewer): string {
  return renderPage({
    title: `Delete ${client.name}`,
    viewer,
    body: html`<div class="card">
      <h1>Delete ${client.name}?</h1>
      <p class="warning">
        Its ${client.secrets.length} secret(s) stop getting tokens at once; tokens already issued
        stay valid until they expire. This cannot be undone.
      </p>
      <div class="actions">
        <form method="post" action="${clientPath(client)}/delete">
          ${csrfField(viewer.csrfToken)}
          <button type="submit" class="danger" id="confirm-delete">Delete the client</button>
        </form>
        <a href="${clientPath(client)}">Cancel</a>
      </div>
    </div>`,
  });
}
