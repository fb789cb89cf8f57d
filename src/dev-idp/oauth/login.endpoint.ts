import type { IncomingMessage, ServerResponse } from 'node:http';
import { findUser, type DevIdpContext } from '../dev-idp.context';
import { cookie, readCookies, readForm, redirect, sendHtml } from '../http/http-io';
import { newId } from '../ids';
import { issueCode } from './code-redirect';
import { LOGIN_BINDING_COOKIE, SESSION_COOKIE } from './cookies';
import { renderErrorPage } from './login-page';
import { epochSeconds } from './single-sign-on';
import { userSessionEventData } from '../webhooks/user-session-event';

/** POST /oauth/login: the user picked an account on the login page. */
export async function handleLogin(
  ctx: DevIdpContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const form = await readForm(req);
  const requestId = form.get('request_id') ?? '';
  const request = ctx.grants.pending.get(requestId);
  if (!request)
    return sendHtml(
      res,
      400,
      renderErrorPage('This sign-in request has expired. Start again from the app.'),
    );
  // The page's cookie must come back: a login form posted from another browser is refused.
  if (readCookies(req).get(LOGIN_BINDING_COOKIE) !== request.browserBinding) {
    return sendHtml(
      res,
      400,
      renderErrorPage('This sign-in request belongs to another browser. Start again from the app.'),
    );
  }
  const user = findUser(ctx, { email: form.get('email') ?? '' });
  if (
    !user ||
    (request.organizationId !== undefined && user.organizationId !== request.organizationId)
  ) {
    return sendHtml(res, 400, renderErrorPage('Unknown user for this sign-in request.'));
  }
  ctx.grants.pending.delete(requestId);
  // A sign-in is always a new session at the stand-in, so its auth_time is now.
  const session = { sessionId: newId('ses'), userId: user.id, authTime: epochSeconds() };
  const sessionCookie = ctx.grants.startBrowserSession(session);
  ctx.logger.info(`dev-idp: ${user.email} signed in (${session.sessionId})`);
  ctx.webhooks.send('user.login', 'User', userSessionEventData(user, session), user.organizationId);
  redirect(res, issueCode(ctx, request, session), {
    'set-cookie': [
      cookie(SESSION_COOKIE, sessionCookie, 8 * 3600),
      cookie(LOGIN_BINDING_COOKIE, '', 0),
    ],
  });
}
