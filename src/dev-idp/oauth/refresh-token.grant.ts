import { findUser, type DevIdpContext } from '../dev-idp.context';
import { OAuthError } from './oauth-error';
import { userTokenResponse, type UserTokenResponse } from './user-token-response';

/**
 * grant_type=refresh_token with rotation: each refresh token works once and is replaced. Presenting
 * a used one revokes its whole family, since either the client or an attacker holds a stolen copy
 * (OAuth 2.0 Security BCP, RFC 9700 section 4.14.2).
 */
export async function refreshTokenGrant(
  ctx: DevIdpContext,
  form: URLSearchParams,
): Promise<UserTokenResponse> {
  const record = ctx.grants.findRefreshToken(form.get('refresh_token') ?? '');
  if (!record)
    throw new OAuthError('invalid_grant', 'the refresh token is invalid, expired or revoked');
  if (record.used) {
    ctx.grants.revokeFamily(record.familyId);
    throw new OAuthError(
      'invalid_grant',
      'the refresh token was already used; its family is revoked',
    );
  }
  ctx.grants.markUsed(record);
  const user = findUser(ctx, { id: record.userId });
  if (!user) throw new OAuthError('invalid_grant', 'the user no longer exists');
  return userTokenResponse(ctx, {
    user,
    sessionId: record.sessionId,
    authTime: record.authTime,
    scope: record.scope,
    refreshFamily: record.familyId,
  });
}
