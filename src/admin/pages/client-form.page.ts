import { csrfField, renderPage, Viewer } from '../../session/views/layout';
import { html } from '../../session/views/html';
import { CLIENT_TOKEN_LIFETIME } from '../../scalekit/client-token-lifetime';
import type { ProblemDetail } from '../errors/admin-http.error';
import type { ClientView } from '../presenters/client.response';
import type { ClientFormValues } from './client-form';
import { clientPath, CONSOLE_PATH, CONSOLE_SCRIPT_PATH, problemsBox } from './console-parts';

export interface ClientFormPage {
  readonly values: ClientFormValues;
  /** The scopes this admin may give a client (the service's grantable set). */
  readonly grantable: readonly string[];
  /** Editing this client; registering a new one when absent. */
  readonly client?: ClientView;
  /** A fresh key per register form: submitting it twice registers one client. */
  readonly formKey?: string;
  readonly error?: string;
  readonly problems?: readonly ProblemDetail[];
}

const { minSeconds, maxSeconds, defaultSeconds } = CLIENT_TOKEN_LIFETIME;

/** Register (`/new`) and edit (`/:clientId/edit`) forms: one form, the REST API's fields. */
export function clientFormPage(page: ClientFormPage, viewer: Viewer): string {
  const { values, client } = page;
  // A scope the client already has stays listed, so editing never drops it unseen.
  const scopes = [...new Set([...page.grantable, ...values.scopes])].sort();
  const title = client ? `Edit ${client.name}` : 'Register an API client';
  return renderPage({
    title,
    viewer,
    scripts: [CONSOLE_SCRIPT_PATH],
    body: html`<div class="card">
      <p><a href="${client ? clientPath(client) : CONSOLE_PATH}">← Back</a></p>
      <h1>${title}</h1>
      ${problemsBox(page.error, page.problems)}
      <form
        method="post"
        action="${client ? clientPath(client) : CONSOLE_PATH}"
        id="client-form"
        data-submit-once
      >
        ${csrfField(viewer.csrfToken)}
        ${
          page.formKey
            ? html`<input type="hidden" name="idempotencyKey" value="${page.formKey}" />`
            : undefined
        }
        <label for="name">Name</label>
        <input type="text" id="name" name="name" value="${values.name}" required maxlength="128" />
        <label for="description">Description</label>
        <textarea id="description" name="description" maxlength="1024">
${values.description}</textarea>
        <fieldset>
          <legend>Scopes (what its tokens may do)</legend>
          ${scopes.map(
            (scope) =>
              html`<label
                ><input
                  type="checkbox"
                  name="scopes"
                  value="${scope}"
                  ${values.scopes.includes(scope) ? html`checked` : undefined}
                />
                <code>${scope}</code></label
              >`,
          )}
        </fieldset>
        <label for="audience">Audience</label>
        <p class="hint">The APIs its tokens are for: one URL or host name per line.</p>
        <textarea id="audience" name="audience">${values.audience}</textarea>
        <label for="customClaims">Custom claims</label>
        <p class="hint">Put into every token it gets: one <code>name=value</code> per line.</p>
        <textarea id="customClaims" name="customClaims">${values.customClaims}</textarea>
        <label for="expiry">Token lifetime (seconds)</label>
        <p class="hint">${minSeconds} to ${maxSeconds}; empty for ${defaultSeconds}.</p>
        <input
          type="number"
          id="expiry"
          name="expiry"
          min="${minSeconds}"
          max="${maxSeconds}"
          placeholder="${defaultSeconds}"
          value="${values.expiry}"
        />
        <div class="actions">
          <button type="submit" id="save">${client ? 'Save' : 'Register'}</button>
        </div>
      </form>
    </div>`,
  });
}
