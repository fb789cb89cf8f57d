import type { DevIdpContext } from '../dev-idp.context';
import type { DevIdpUser } from '../seed/seed-loader';

export interface UserGrant {
  readonly user: DevIdpUser;
  readonly sessionId: string;
  /** The authentication behind the grant: a refresh keeps the original one (OIDC Core 12.2). */
  readonly authTime: number;
  readonly scope: readonly string[];
  readonly nonce?: string;
  /** Refresh-token family the refresh token joins: the code's, or the rotated token's. */
  readonly refreshFamily: string;
}

export interface UserTokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
  id_token: string;
  refresh_token?: string;
}

/**
 * Mints the token response of the user grants. A refresh token only comes with `offline_access`
 * (OIDC Core 11), as at Scalekit.
 */
export async function userTokenResponse(
  ctx: DevIdpContext,
  grant: UserGrant,
): Promise<UserTokenResponse> {
  const request = {
    user: grant.user,
    clientId: ctx.appClient.clientId,
    sessionId: grant.sessionId,
    authTime: grant.authTime,
    nonce: grant.nonce,
    ttlS: ctx.settings.accessTokenTtlS,
  };
  const accessToken = await ctx.minter.userAccessToken(request);
  const body: UserTokenResponse = {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: ctx.settings.accessTokenTtlS,
    scope: grant.scope.join(' '),
    id_token: await ctx.minter.idToken(request, accessToken),
  };
  if (!grant.scope.includes('offline_access')) return body;
  body.refresh_token = ctx.grants.issueRefreshToken({
    familyId: grant.refreshFamily,
    clientId: ctx.appClient.clientId,
    userId: grant.user.id,
    sessionId: grant.sessionId,
    authTime: grant.authTime,
    scope: grant.scope,
  });
  return body;
}
