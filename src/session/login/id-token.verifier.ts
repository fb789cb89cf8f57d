import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { TokenVerifier } from '@scalekit-nest/auth';
import { IdentityProviderUnavailableError, LoginFailedError } from '../session.errors';
import { SESSION_SETTINGS } from '../session.constants';
import type { SessionSettings } from '../session.settings';
import { verifyIssuerToken } from './issuer-token';

/**
 * Verifies the ID token of a code exchange, which the Scalekit SDK only decodes: signature with
 * the issuer's keys, `iss` = the Scalekit environment, `aud` = our client id (and `azp` when it
 * names several), `exp`/`iat` present and current, `nonce` = the one of this login attempt, and
 * `at_hash` (when present) binding it to the access token of the same response.
 *
 * Signature, `iss`, `aud`, `exp` and `nbf` are checked by the AuthModule's one verification core
 * ({@link TokenVerifier.verifySigned}): one key set, fetched from `AUTH_JWKS_URI` (default
 * `${AUTH_ISSUER}/keys`), with its cooldown, backoff and rotation handling, serves access and ID
 * tokens alike. The rules of ID tokens (audience = client id, nonce, `azp`, `at_hash`) are here.
 */
type IdTokenClaims = Readonly<Record<string, unknown>>;

@Injectable()
export class IdTokenVerifier {
  constructor(
    @Inject(SESSION_SETTINGS) private readonly settings: SessionSettings,
    private readonly tokens: TokenVerifier,
  ) {}

  async verify(
    idToken: string,
    expectedNonce: string,
    accessToken: string,
  ): Promise<IdTokenClaims> {
    const oidc = this.settings.oidc;
    if (!oidc) throw new IdentityProviderUnavailableError('no Scalekit configuration');
    // A key-set outage is a 503 (the provider is unreachable), anything else a bad token.
    const { claims, alg } = await verifyIssuerToken(
      this.tokens,
      idToken,
      { audience: oidc.clientId, issuer: oidc.issuer },
      {
        invalid,
        unavailable: (message) => new IdentityProviderUnavailableError(`JWKS: ${message}`),
      },
    );
    for (const name of ['exp', 'iat', 'sub'] as const)
      if (claims[name] === undefined) throw invalid(`missing required claim ${name}`);
    if (claims.nonce !== expectedNonce) throw invalid('nonce does not match the login attempt');
    if (Array.isArray(claims.aud) && claims.aud.length > 1 && claims.azp !== oidc.clientId) {
      throw invalid('azp is not our client id');
    }
    if (typeof claims.at_hash === 'string' && claims.at_hash !== tokenHash(accessToken, alg)) {
      throw invalid('at_hash does not match the access token');
    }
    return claims;
  }
}

function invalid(reason: string): LoginFailedError {
  return new LoginFailedError(
    'invalid_id_token',
    'Sign-in failed: the identity provider answer could not be verified',
    reason,
  );
}

/** `at_hash`: left half of the access token's hash with the ID token's SHA size (OIDC Core 3.1.3.6). */
function tokenHash(accessToken: string, alg: string): string | undefined {
  const bits = /(256|384|512)$/.exec(alg)?.[1];
  if (!bits) return undefined;
  const digest = createHash(`sha${bits}`).update(accessToken, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}
