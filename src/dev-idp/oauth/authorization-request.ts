import type { DevIdpContext } from '../dev-idp.context';
import type { PendingAuthorization } from './grant-records';
import { randomToken } from './grant-store';
import { OAuthError } from './oauth-error';
import { S256_CHALLENGE_SHAPE } from '../../oauth/pkce';
import { routeLogin } from './login-routing';
import { parseMaxAge } from './single-sign-on';

export interface AuthorizationRequest {
  readonly request: PendingAuthorization;
  readonly prompts: readonly string[];
}

/**
 * Reads the parameters of an authorization request whose client_id and redirect_uri are already
 * known good; a refusal is an OAuthError that goes back to the client (RFC 6749 section 4.1.2.1).
 */
export function readAuthorizationRequest(
  ctx: DevIdpContext,
  query: URLSearchParams,
  client: { readonly clientId: string; readonly redirectUri: string },
): AuthorizationRequest {
  if (query.get('response_type') !== 'code')
    throw new OAuthError('unsupported_response_type', 'only response_type=code is supported');
  const scope = (query.get('scope') ?? '').split(' ').filter(Boolean);
  if (!scope.includes('openid')) throw new OAuthError('invalid_scope', 'scope must include openid');
  const routing = routeLogin(ctx, query);
  const maxAge = parseMaxAge(query.get('max_age'));
  if (maxAge === null)
    throw new OAuthError('invalid_request', 'max_age must be a non-negative integer');
  const prompts = (query.get('prompt') ?? '').split(' ').filter(Boolean);
  if (prompts.includes('none') && prompts.length > 1)
    throw new OAuthError('invalid_request', 'prompt=none cannot be combined with other values');
  const request: PendingAuthorization = {
    ...client,
    scope,
    state: query.get('state') ?? undefined,
    nonce: query.get('nonce') ?? undefined,
    codeChallenge: readCodeChallenge(query),
    organizationId: routing.organizationId,
    connectionName: routing.connection?.name,
    provider: routing.provider,
    loginHint: query.get('login_hint') ?? undefined,
    maxAge,
    browserBinding: randomToken(),
  };
  return { request, prompts };
}

function readCodeChallenge(query: URLSearchParams): string | undefined {
  const challenge = query.get('code_challenge') ?? undefined;
  if (challenge === undefined) return undefined;
  // `plain` would put the verifier itself in the browser's URL, which defeats PKCE.
  if (query.get('code_challenge_method') !== 'S256')
    throw new OAuthError('invalid_request', 'code_challenge_method must be S256');
  if (!S256_CHALLENGE_SHAPE.test(challenge))
    throw new OAuthError('invalid_request', 'code_challenge is not an S256 challenge');
  return challenge;
}
