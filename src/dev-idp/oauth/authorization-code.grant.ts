import { randomUUID } from 'node:crypto';
import { findUser, type DevIdpContext } from '../dev-idp.context';
import { OAuthError } from './oauth-error';
import { verifierMatches } from '../../oauth/pkce';
import { userTokenResponse, type UserTokenResponse } from './user-token-response';

/** grant_type=authorization_code (RFC 6749 section 4.1.3, RFC 7636 section 4.6). The client is already authenticated. */
export async function authorizationCodeGrant(
  ctx: DevIdpContext,
  form: URLSearchParams,
): Promise<UserTokenResponse> {
  const code = ctx.grants.findCode(form.get('code') ?? '');
  if (!code) throw new OAuthError('invalid_grant', 'the authorization code is invalid or expired');
  if (code.used) {
    // A replayed code may be a stolen one: what was issued from it is revoked (RFC 6749 section 4.1.2).
    if (code.refreshFamily) ctx.grants.revokeFamily(code.refreshFamily);
    throw new OAuthError('invalid_grant', 'the authorization code was already used');
  }
  code.used = true;
  // The family is fixed before the first await: a replay racing this redemption must find it to
  // revoke, and the tokens minted below land in it (set afterwards, a racing replay saw nothing).
  code.refreshFamily = randomUUID();
  if (form.get('redirect_uri') !== code.redirectUri) {
    throw new OAuthError('invalid_grant', 'redirect_uri does not match the authorization request');
  }
  const verifier = form.get('code_verifier');
  if (
    code.codeChallenge !== undefined &&
    (verifier === null || !verifierMatches(verifier, code.codeChallenge))
  ) {
    throw new OAuthError('invalid_grant', 'code_verifier does not match the code_challenge');
  }
  if (code.codeChallenge === undefined && verifier !== null) {
    throw new OAuthError(
      'invalid_grant',
      'code_verifier given but the authorization request had no code_challenge',
    );
  }
  const user = findUser(ctx, { id: code.userId });
  if (!user) throw new OAuthError('invalid_grant', 'the user no longer exists');
  return userTokenResponse(ctx, {
    user,
    sessionId: code.sessionId,
    authTime: code.authTime,
    scope: code.scope,
    nonce: code.nonce,
    refreshFamily: code.refreshFamily,
  });
}
