import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DevIdpContext } from '../dev-idp.context';
import { cookie, redirect, sendHtml } from '../http/http-io';
import { readAuthorizationRequest, type AuthorizationRequest } from './authorization-request';
import { issueCode, redirectWithError } from './code-redirect';
import { LOGIN_BINDING_COOKIE } from './cookies';
import { renderErrorPage, renderLoginPage } from './login-page';
import { OAuthError } from './oauth-error';
import { reusableSession } from './single-sign-on';

/**
 * GET /oauth/authorize. Until client_id and redirect_uri are known good, errors are shown here and
 * never redirected (RFC 6749 section 4.1.2.1: no open redirector); after that they go back to the
 * client with `error` and `state`. A browser signed in at the stand-in gets its code at once
 * unless `prompt`, `max_age`, `login_hint` or `organization_id` call for a new sign-in.
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
  let parsed: AuthorizationRequest;
  try {
    parsed = readAuthorizationRequest(ctx, query, { clientId, redirectUri });
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    const state = query.get('state') ?? undefined;
    return redirectWithError(res, redirectUri, state, error.error, error.description);
  }
  answer(ctx, req, res, parsed);
}

/** Single sign-on from the stand-in's session, `login_required` for prompt=none, or the login page. */
function answer(
  ctx: DevIdpContext,
  req: IncomingMessage,
  res: ServerResponse,
  { request, prompts }: AuthorizationRequest,
): void {
  const session = reusableSession(ctx, req, request, prompts);
  if (session) return redirect(res, issueCode(ctx, request, session));
  // prompt=none (OIDC Core 3.1.2.1): no page may be shown, so a missing or unusable session is an error.
  if (prompts.includes('none')) {
    return redirectWithError(
      res,
      request.redirectUri,
      request.state,
      'login_required',
      'no active session that satisfies the request',
    );
  }
  const requestId = ctx.grants.addPending(request);
  const users = ctx.seed.users.filter(
    (u) => request.organizationId === undefined || u.organizationId === request.organizationId,
  );
  const via = request.connectionName ?? request.provider;
  sendHtml(res, 200, renderLoginPage(requestId, users, request.loginHint, via), {
    'set-cookie': cookie(LOGIN_BINDING_COOKIE, request.browserBinding, 600),
  });
}
