import type { DevIdpContext } from '../dev-idp.context';
import { SIGNING_ALGORITHM } from '../keys/signing-key';
import { INTERACTIVE_PROMPTS } from './single-sign-on';

/**
 * OpenID Provider metadata (OIDC Discovery 1.0 section 3) with Scalekit's paths: `/keys`,
 * `/oidc/logout`. It says only what the stand-in does: `request_uri_parameter_supported` defaults
 * to true when absent, so it is stated false.
 */
export function providerMetadata(ctx: DevIdpContext): Record<string, unknown> {
  const base = ctx.issuer;
  return {
    issuer: base,
    authorization_endpoint: `${base}/oauth/authorize`,
    token_endpoint: `${base}/oauth/token`,
    jwks_uri: `${base}/keys`,
    end_session_endpoint: `${base}/oidc/logout`,
    // It calls the app's back-channel logout URI with sid (OpenID Connect Back-Channel Logout 1.0).
    backchannel_logout_supported: true,
    backchannel_logout_session_supported: true,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [SIGNING_ALGORITHM],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
    code_challenge_methods_supported: ['S256'],
    prompt_values_supported: ['none', ...INTERACTIVE_PROMPTS],
    claims_parameter_supported: false,
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'nonce',
      'azp',
      'at_hash',
      'amr',
      'sid',
      'oid',
      'email',
      'email_verified',
      'name',
      'given_name',
      'family_name',
    ],
  };
}

export function jwks(ctx: DevIdpContext): { keys: unknown[] } {
  return { keys: [ctx.key.publicJwk] };
}
