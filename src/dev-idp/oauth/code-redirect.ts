import type { ServerResponse } from 'node:http';
import type { DevIdpContext } from '../dev-idp.context';
import { redirect } from '../http/http-io';
import type { BrowserSession, PendingAuthorization } from './grant-records';

/**
 * Stores a single-use code for this request, answered by this session's authentication, and
 * returns the client's callback URL carrying it.
 */
export function issueCode(
  ctx: DevIdpContext,
  request: PendingAuthorization,
  session: BrowserSession,
): string {
  const code = ctx.grants.addCode({
    clientId: request.clientId,
    redirectUri: request.redirectUri,
    scope: request.scope,
    nonce: request.nonce,
    codeChallenge: request.codeChallenge,
    userId: session.userId,
    sessionId: session.sessionId,
    authTime: session.authTime,
    used: false,
  });
  return callbackUrl(request.redirectUri, { code, state: request.state });
}

/** Sends the browser back to the (already validated) redirect URI with an OAuth error. */
export function redirectWithError(
  res: ServerResponse,
  redirectUri: string,
  state: string | undefined,
  error: string,
  description: string,
): void {
  redirect(res, callbackUrl(redirectUri, { error, error_description: description, state }));
}

function callbackUrl(redirectUri: string, params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params))
    if (value !== undefined) url.searchParams.set(name, value);
  return url.toString();
}
