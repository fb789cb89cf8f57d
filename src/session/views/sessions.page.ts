import { CSRF_HEADER } from '../csrf';
import { html, type HtmlValue } from './html';
import { timeOf } from './time';
import { csrfField, renderPage, Viewer } from './layout';

/** What `GET /sessions` shows (and returns as JSON). */
export interface SessionDetails {
  readonly userId: string;
  readonly organizationId: string | undefined;
  readonly createdAt: string;
  readonly lastSeenAt: string;
  readonly idleExpiresAt: string;
  readonly absoluteExpiresAt: string;
  readonly accessTokenExpiresAt: string;
  readonly hasRefreshToken: boolean;
}

/** `GET /sessions`; `notice`: the result of a button of this page (validate, refresh). */
export function sessionsPage(details: SessionDetails, viewer: Viewer, notice?: string): string {
  const rows: [string, HtmlValue][] = [
    ['User', details.userId],
    ['Organization', details.organizationId ?? '-'],
    ['Signed in', timeOf(details.createdAt)],
    ['Last activity', timeOf(details.lastSeenAt)],
    ['Ends if idle at', timeOf(details.idleExpiresAt)],
    ['Ends at the latest', timeOf(details.absoluteExpiresAt)],
    ['Access token expires', timeOf(details.accessTokenExpiresAt)],
    ['Refresh token', details.hasRefreshToken ? 'yes' : 'no'],
  ];
  return renderPage({
    title: 'Session',
    viewer,
    body: html`${notice ? html`<p class="notice" role="status" id="result">${notice}</p>` : undefined}
      <div class="card">
        <h1>Your session</h1>
        <dl>
          ${rows.map(
            ([k, v]) =>
              html`<dt>${k}</dt>
                <dd>${v}</dd>`,
          )}
        </dl>
      </div>
      <div class="card">
        <h2>Token APIs</h2>
        <p>
          JSON APIs; send the CSRF token in the <code>${CSRF_HEADER}</code> header (or the form
          field below).
        </p>
        <form method="post" action="/sessions/validate-token">
          ${csrfField(viewer.csrfToken)}<button type="submit">Validate token</button>
        </form>
        <br />
        <form method="post" action="/sessions/refresh-token">
          ${csrfField(viewer.csrfToken)}<button type="submit">Refresh token</button>
        </form>
      </div>
      <div class="card">
        <h2>Other devices</h2>
        <p>Signed in somewhere you no longer use? End every session of yours, this one included.</p>
        <form method="post" action="/sessions/end-all">
          ${csrfField(viewer.csrfToken)}<button type="submit">Sign out everywhere</button>
        </form>
      </div>`,
  });
}
