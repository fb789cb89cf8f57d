import { escapeHtml } from '../http/http-io';
import type { DevIdpOrganization, DevIdpUser } from '../seed/seed-loader';

export const LOGIN_PATH = '/oauth/login';
export const PORTAL_PATH = '/idp-portal';
export const PORTAL_START_PATH = '/idp-portal/start';

/**
 * The stand-in's login page: one submit button per seeded user, no password. A plain form post (no
 * script) so that the test fixture can drive it with fetch exactly as a browser does.
 */
export function renderLoginPage(
  requestId: string,
  users: readonly DevIdpUser[],
  loginHint?: string,
  /** The SSO connection or social provider the login was routed to, named on the page. */
  via?: string,
): string {
  const hint = loginHint?.toLowerCase();
  const buttons = users
    .map((u) => {
      const hinted = u.email === hint;
      return `<li><button type="submit" name="email" value="${escapeHtml(u.email)}"${hinted ? ' autofocus class="hint"' : ''}>
  <strong>${escapeHtml(u.name)}</strong> &lt;${escapeHtml(u.email)}&gt;<br>
  <small>${escapeHtml(u.organizationName)} (${escapeHtml(u.organizationId)}) &middot; roles: ${escapeHtml(u.roles.join(', ') || 'none')}</small>
</button></li>`;
    })
    .join('\n');
  return page(
    'Sign in',
    `<p>Local Scalekit stand-in for development. Pick a seeded user; there is no password.</p>
${via ? `<p class="via">Signing in through <strong>${escapeHtml(via)}</strong> (simulated).</p>\n` : ''}
<form method="post" action="${LOGIN_PATH}">
<input type="hidden" name="request_id" value="${escapeHtml(requestId)}">
<ul>
${buttons}
</ul>
</form>`,
  );
}

/** An error shown in the browser when redirecting back is not safe (unknown client or redirect URI). */
export function renderErrorPage(message: string): string {
  return page('Sign-in error', `<p class="error">${escapeHtml(message)}</p>`);
}

/**
 * The simulated portal of the organizations' identity providers: one link per SSO connection,
 * each starting an IdP-initiated login at the app, as clicking the app's tile in Okta would.
 */
export function renderPortalPage(
  organizations: readonly DevIdpOrganization[],
  initiateLoginUri: string | undefined,
): string {
  if (initiateLoginUri === undefined)
    return page(
      'Identity provider portal',
      '<p class="error">No initiate-login URL is configured for the app, so IdP-initiated logins cannot be started here.</p>',
    );
  const links = organizations
    .flatMap((o) =>
      o.connections.map(
        (c) =>
          `<li><a href="${PORTAL_START_PATH}?connection_id=${encodeURIComponent(c.id)}">${escapeHtml(c.name)}</a> <small>${escapeHtml(o.name)} (${escapeHtml(c.provider)})</small></li>`,
      ),
    )
    .join('\n');
  return page(
    'Identity provider portal',
    `<p>Local stand-in for your organization's identity provider portal. Open the app from its tile:</p>
<ul class="portal">
${links}
</ul>
<p><small>Sends you to ${escapeHtml(initiateLoginUri)} with a signed <code>idp_initiated_login</code> token.</small></p>`,
  );
}

export function renderSignedOutPage(): string {
  return page('Signed out', '<p>You are signed out of the local Scalekit stand-in.</p>');
}

function page(title: string, body: string): string {
  // The app's look (header bar, card, button colour), with a banner that says what this is.
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} - Scalekit stand-in</title>
<style>body{font-family:system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7fb}
header{background:#1d2330;color:#fff;padding:.75rem 1.5rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
header .dev{background:#f5c542;color:#1d2330;border-radius:4px;padding:.1rem .5rem;font-size:.85rem;font-weight:600}
main{max-width:40rem;margin:2rem auto;padding:0 1rem}
.card{background:#fff;border-radius:8px;padding:1.25rem 1.5rem;box-shadow:0 1px 3px #0002}
ul{list-style:none;padding:0}
button{width:100%;text-align:left;margin:.3rem 0;padding:.6rem;cursor:pointer;font:inherit;background:#fff;border:1px solid #ccd;border-radius:6px}
button:hover{border-color:#3457d5}.hint{border:2px solid #3457d5}.error{color:#b00020}
a{color:#3457d5}</style>
</head><body>
<header><strong>Scalekit stand-in</strong><span class="dev">development only: not Scalekit</span></header>
<main><div class="card"><h1>${escapeHtml(title)}</h1>
${body}
</div></main>
</body></html>`;
}
