import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeJwt, jwtVerify } from 'jose';
import { findUser, type DevIdpContext } from '../dev-idp.context';
import { cookie, readCookies, redirect, sendHtml } from '../http/http-io';
import { SESSION_COOKIE } from './cookies';
import { renderErrorPage, renderSignedOutPage } from './login-page';
import { epochSeconds } from './single-sign-on';
import { userSessionEventData } from '../webhooks/user-session-event';

/**
 * GET /oidc/logout (Scalekit's path for OIDC RP-initiated logout). Ends the session named by the
 * ID token hint or the browser cookie, then redirects only to a registered post-logout URI: an
 * unregistered one would make this an open redirector.
 */
export async function handleLogout(
  ctx: DevIdpContext,
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
): Promise<void> {
  const target = query.get('post_logout_redirect_uri');
  if (target !== null && !ctx.settings.appPostLogoutRedirectUris.has(target)) {
    return sendHtml(
      res,
      400,
      renderErrorPage(`post_logout_redirect_uri is not registered: ${target}`),
    );
  }
  const hinted = await sessionFromIdTokenHint(ctx, query.get('id_token_hint'));
  const browser = ctx.grants.findBrowserSession(readCookies(req).get(SESSION_COOKIE));
  const ended = new Map<string, { userId: string; authTime: number }>();
  if (hinted) ended.set(hinted.sessionId, { userId: hinted.userId, authTime: epochSeconds() });
  if (browser) ended.set(browser.sessionId, browser);
  for (const [sessionId, { userId, authTime }] of ended) {
    ctx.grants.endSession(sessionId);
    // As Scalekit tells the app, twice: a webhook, and the back-channel logout token.
    const user = findUser(ctx, { id: userId });
    if (user)
      ctx.webhooks.send(
        'user.logout',
        'User',
        userSessionEventData(user, { sessionId, authTime }, 'logout'),
        user.organizationId,
      );
    ctx.backchannel.sessionEnded(userId, sessionId);
  }
  const clear = { 'set-cookie': cookie(SESSION_COOKIE, '', 0) };
  if (target === null) return sendHtml(res, 200, renderSignedOutPage(), clear);
  const url = new URL(target);
  const state = query.get('state');
  if (state !== null) url.searchParams.set('state', state);
  redirect(res, url.toString(), clear);
}

/** The `sid` and `sub` of an ID token we signed; an expired hint is still a valid hint (OIDC RP-Initiated Logout 1.0, section 2). */
async function sessionFromIdTokenHint(
  ctx: DevIdpContext,
  hint: string | null,
): Promise<{ sessionId: string; userId: string } | undefined> {
  if (!hint) return undefined;
  try {
    const exp = decodeJwt(hint).exp;
    const { payload } = await jwtVerify(hint, ctx.key.publicKey, {
      issuer: ctx.issuer,
      currentDate: exp !== undefined ? new Date((exp - 1) * 1000) : undefined,
    });
    return typeof payload.sid === 'string' && typeof payload.sub === 'string'
      ? { sessionId: payload.sid, userId: payload.sub }
      : undefined;
  } catch {
    return undefined;
  }
}
