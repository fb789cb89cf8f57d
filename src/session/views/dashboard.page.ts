import { timeOf } from './time';
import { html, SafeHtml } from './html';
import { renderPage, Viewer } from './layout';

export interface DashboardView {
  readonly name: string;
  readonly email: string | undefined;
  readonly organizationId: string | undefined;
  /** From Scalekit; absent when it could not be fetched (the id is shown alone then). */
  readonly organizationName?: string;
  readonly roles: readonly string[];
  readonly permissions: readonly string[];
  /** Access token expiry, ms since the epoch. */
  readonly tokenExpiresAt: number;
}

export function list(items: readonly string[]): SafeHtml {
  return items.length === 0
    ? html`<em>none</em>`
    : html`${items.map((i) => html`<code>${i}</code> `)}`;
}

/** `GET /dashboard`. */
export function dashboardPage(view: DashboardView, viewer: Viewer): string {
  return renderPage({
    title: 'Dashboard',
    viewer,
    body: html`<div class="card">
      <h1>Hello, ${view.name}</h1>
      <dl>
        <dt>Email</dt>
        <dd id="email">${view.email ?? '-'}</dd>
        <dt>Organization</dt>
        <dd id="organization">
          ${
            view.organizationName
              ? html`${view.organizationName} <small><code>${view.organizationId}</code></small>`
              : (view.organizationId ?? '-')
          }
        </dd>
        <dt>Roles</dt>
        <dd id="roles">${list(view.roles)}</dd>
        <dt>Permissions</dt>
        <dd id="permissions">${list(view.permissions)}</dd>
        <dt>Access token expires</dt>
        <dd id="token-expiry">${timeOf(view.tokenExpiresAt)}</dd>
      </dl>
    </div>`,
  });
}
