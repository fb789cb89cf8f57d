import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { createRemoteJWKSet, errors, JWTPayload, jwtVerify, JWTVerifyGetKey } from 'jose';
import { IdentityProviderUnavailableError, LoginFailedError } from '../session.errors';
import { SESSION_SETTINGS } from '../session.constants';
import type { SessionSettings } from '../session.settings';

// jose failures that say "could not get the keys", not "the token is bad".
const KEY_FETCH_FAILURES = new Set(['ERR_JWKS_TIMEOUT', 'ERR_JOSE_GENERIC']);

/**
 * Verifies the ID token of a code exchange, which the Scalekit SDK only decodes: signature with
 * the issuer's JWKS, `iss` = the Scalekit environment, `aud` = our client id (and `azp` when it
 * names several), `exp`/`iat` present and current, `nonce` = the one of this login attempt, and
 * `at_hash` (when present) binding it to the access token of the same response.
 *
 * It has its own key set (jose's remote JWKS with cooldown and cache) rather than the
 * AuthModule's `TokenVerifier`: that one checks `aud` against AUTH_AUDIENCE, the resource
 * server's audiences, while an ID token's audience is the client id, and it reads the keys of
 * AUTH_ISSUER, which an operator may point elsewhere than the Scalekit environment users sign in at.
 */
@Injectable()
export class IdTokenVerifier {
  private readonly logger = new Logger(IdTokenVerifier.name);
  private readonly keys: JWTVerifyGetKey | undefined;

  constructor(@Inject(SESSION_SETTINGS) private readonly settings: SessionSettings) {
    const oidc = settings.oidc;
    this.keys =
      oidc &&
      createRemoteJWKSet(new URL(`${oidc.issuer}/keys`), {
        timeoutDuration: settings.jwksTimeoutMs,
      });
  }

  async verify(idToken: string, expectedNonce: string, accessToken: string): Promise<JWTPayload> {
    const oidc = this.settings.oidc;
    if (!oidc || !this.keys)
      throw new IdentityProviderUnavailableError('no Scalekit configuration');
    let payload: JWTPayload;
    let alg: string;
    try {
      const verified = await jwtVerify(idToken, this.keys, {
        issuer: oidc.issuer,
        audience: oidc.clientId,
        algorithms: [...this.settings.algorithms],
        clockTolerance: this.settings.clockToleranceSec,
        requiredClaims: ['exp', 'iat', 'sub'],
      });
      payload = verified.payload;
      alg = verified.protectedHeader.alg;
    } catch (error: unknown) {
      throw this.classify(error);
    }
    if (payload.nonce !== expectedNonce) throw invalid('nonce does not match the login attempt');
    if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== oidc.clientId) {
      throw invalid('azp is not our client id');
    }
    if (typeof payload.at_hash === 'string' && payload.at_hash !== tokenHash(accessToken, alg)) {
      throw invalid('at_hash does not match the access token');
    }
    return payload;
  }

  private classify(error: unknown): Error {
    if (error instanceof errors.JOSEError && !KEY_FETCH_FAILURES.has(error.code)) {
      return invalid(`${error.code}: ${error.message}`);
    }
    const why = error instanceof Error ? error.message : String(error);
    this.logger.warn(`ID token keys unavailable: ${why}`);
    return new IdentityProviderUnavailableError(`JWKS: ${why}`);
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
