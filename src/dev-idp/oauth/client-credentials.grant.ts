import type { DevIdpContext } from '../dev-idp.context';
import { secretMatches } from '../store/secret-hash';
import type { PresentedClient } from './client-credentials-reader';
import { OAuthError } from './oauth-error';

export interface ClientTokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

/**
 * grant_type=client_credentials, for the app's own client (the SDK's management API token) and for
 * every organization API client registered over gRPC. A removed secret no longer matches any hash,
 * so it is refused as `invalid_client`.
 */
export async function clientCredentialsGrant(
  ctx: DevIdpContext,
  presented: PresentedClient,
): Promise<ClientTokenResponse> {
  const ttl = ctx.settings.accessTokenTtlS;
  if (presented.clientId === ctx.appClient.clientId) {
    if (!secretMatches(presented.clientSecret, ctx.appClient.secretHash)) throw invalidClient();
    const token = await ctx.minter.adminAccessToken(presented.clientId, ttl);
    return { access_token: token, token_type: 'Bearer', expires_in: ttl, scope: '' };
  }
  const client = ctx.clients.authenticate(presented.clientId, presented.clientSecret);
  if (!client) throw invalidClient();
  const clientTtl = client.expiry > 0 ? client.expiry : ctx.settings.clientTokenTtlS;
  const token = await ctx.minter.clientAccessToken(client, clientTtl);
  return {
    access_token: token,
    token_type: 'Bearer',
    expires_in: clientTtl,
    scope: client.scopes.join(' '),
  };
}

/** One answer for unknown client and wrong secret, so the endpoint does not reveal which ids exist. */
function invalidClient(): OAuthError {
  return new OAuthError('invalid_client', 'client authentication failed');
}
