import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DevIdpContext } from '../dev-idp.context';
import { cookie, readCookies, redirect, sendHtml } from '../http/http-io';
import { LOGIN_BINDING_COOKIE, SESSION_COOKIE } from './cookies';
import { randomToken } from './grant-store';
import type { PendingAuthorization } from './grant-records';
import { issueCode, redirectWithError } from './code-redirect';
import { renderErrorPage, renderLoginPage } from './login-page';
import { S256_CHALLENGE_SHAPE } from './pkce';

/**
 * GET /oauth/authorize. Until client_id and redirect_uri are known good, errors are shown here and
 * never redirected (RFC 6749 section 4.1.2.1: no open redirector); after that they go back to the
 * client with `error` and `state`.
 */
export function handleAuthorize(
  ctx: DevIdpContext,
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
): void {
  const clientId = query.get('client_id');
  const redirectUri = query.get('redirect_uri') ?? '';
  if (clientId !== ctx.appClient.clientId) {
    return sendHtml(res, 400, renderErrorPage('Unknown client_id.'));
  }
  if (!ctx.settings.appRedirectUris.has(redirectUri)) {
    return sendHtml(
      res,
      400,
      renderErrorPage(`redirect_uri is not registered for this client: ${redirectUri}`),
    );
  }
  const state = query.get('state') ?? undefined;
  const fail = (error: string, description: string) =>
    redirectWithError(res, redirectUri, state, error, description);

  if (query.get('response_type') !== 'code')
    return fail('unsupported_response_type', 'only response_type=code is supported');
  const scope = (query.get('scope') ?? '').split(' ').filter(Boolean);
  if (!scope.includes('openid')) return fail('invalid_scope', 'scope must include openid');
  const codeChallenge = query.get('code_challenge') ?? undefined;
  if (codeChallenge !== undefined) {
    // `plain` would put the verifier itself in the browser's URL, which defeats PKCE.
    if (query.get('code_challenge_method') !== 'S256')
      return fail('invalid_request', 'code_challenge_method must be S256');
    if (!S256_CHALLENGE_SHAPE.test(codeChallenge))
      return fail('invalid_request', 'code_challenge is not an S256 challenge');
  }
  const organizationId = query.get('organization_id') ?? undefined;
  if (
    organizationId !== undefined &&
    !ctx.seed.organizations.some((o) => o.id === organizationId)
  ) {
    return fail('invalid_request', 'unknown organization_id');
  }

  const request: PendingAuthorization = {
    clientId,
    redirectUri,
    scope,
    state,
    nonce: query.get('nonce') ?? undefined,
    codeChallenge,
    organizationId,
    loginHint: query.get('login_hint') ?? undefined,
    browserBinding: randomToken(),
  };
  const prompts = (query.get('prompt') ?? '').split(' ').filter(Boolean);
  if (prompts.includes('none')) return silentAuthorize(ctx, req, res, request);

  const requestId = ctx.grants.addPending(request);
  const users = ctx.seed.users.filter(
    (u) => organizationId === undefined || u.organizationId === organizationId,
  );
  sendHtml(res, 200, renderLoginPage(requestId, users, request.loginHint), {
    'set-cookie': cookie(LOGIN_BINDING_COOKIE, request.browserBinding, 600),
  });
}

/** prompt=none (OIDC Core 3.1.2.1): answer from the existing browser session or `login_required`. */
function silentAuthorize(
  ctx: DevIdpContext,
  req: IncomingMessage,
  res: ServerResponse,
  request: PendingAuthorization,
): void {
  const session = ctx.grants.findBrowserSession(readCookies(req).get(SESSION_COOKIE));
  const user = session && ctx.seed.users.find((u) => u.id === session.userId);
  if (
    !session ||
    !user ||
    (request.organizationId !== undefined && user.organizationId !== request.organizationId)
  ) {
    return redirectWithError(
      res,
      request.redirectUri,
      request.state,
      'login_required',
      'no active session',
    );
  }
  redirect(res, issueCode(ctx, request, user.id, session.sessionId));
}
