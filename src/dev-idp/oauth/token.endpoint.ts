import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DevIdpContext } from '../dev-idp.context';
import { readForm, sendJson } from '../http/http-io';
import { secretMatches } from '../store/secret-hash';
import { authorizationCodeGrant } from './authorization-code.grant';
import { readClientCredentials } from './client-credentials-reader';
import { clientCredentialsGrant } from './client-credentials.grant';
import { OAuthError } from './oauth-error';
import { refreshTokenGrant } from './refresh-token.grant';

/** POST /oauth/token. Every refusal is an OAuthError, answered as JSON by the HTTP app. */
export async function handleToken(
  ctx: DevIdpContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const form = await readForm(req);
  const grantType = form.get('grant_type');
  const presented = readClientCredentials(req, form);
  if (grantType === 'client_credentials') {
    return sendJson(res, 200, await clientCredentialsGrant(ctx, presented));
  }
  if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
    throw new OAuthError(
      'unsupported_grant_type',
      `grant_type ${grantType ?? '(none)'} is not supported`,
    );
  }
  // The user grants belong to the app client only: API clients have no users.
  if (
    presented.clientId !== ctx.appClient.clientId ||
    !secretMatches(presented.clientSecret, ctx.appClient.secretHash)
  ) {
    throw new OAuthError('invalid_client', 'client authentication failed');
  }
  const body =
    grantType === 'authorization_code'
      ? await authorizationCodeGrant(ctx, form)
      : await refreshTokenGrant(ctx, form);
  sendJson(res, 200, body, { pragma: 'no-cache' });
}
