import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { errors, JWTPayload, jwtVerify } from 'jose';
import { AuthError, KeySetUnavailableError, TokenVerifier } from '../../auth';
import type { VerificationKey } from '../../auth/keys/jwks-fetcher';
import { IdentityProviderUnavailableError, LoginFailedError } from '../session.errors';
import { SESSION_SETTINGS } from '../session.constants';
import type { SessionSettings } from '../session.settings';

/**
 * Verifies the ID token of a code exchange, which the Scalekit SDK only decodes: signature with
 * the issuer's keys, `iss` = the Scalekit environment, `aud` = our client id (and `azp` when it
 * names several), `exp`/`iat` present and current, `nonce` = the one of this login attempt, and
 * `at_hash` (when present) binding it to the access token of the same response.
 *
 * The keys are the AuthModule's (through {@link TokenVerifier.keyFor}): one key set, fetched from `AUTH_JWKS_URI`
 * (default `${AUTH_ISSUER}/keys`), with its cooldown, backoff and rotation handling, serves access
 * and ID tokens alike. A second JWKS client on a hard-coded path would miss a provider that
 * publishes elsewhere and report every login as an outage. The claim rules differ from the
 * bearer rules (audience = client id, nonce), so jose checks them here.
 */
@Injectable()
export class IdTokenVerifier {
  constructor(
    @Inject(SESSION_SETTINGS) private readonly settings: SessionSettings,
    private readonly tokens: TokenVerifier,
  ) {}

  async verify(idToken: string, expectedNonce: string, accessToken: string): Promise<JWTPayload> {
    const oidc = this.settings.oidc;
    if (!oidc) throw new IdentityProviderUnavailableError('no Scalekit configuration');
    const key = await this.keyFor(idToken);
    let payload: JWTPayload;
    let alg: string;
    try {
      const verified = await jwtVerify(idToken, key.publicKey, {
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

  /**
   * The key from the one key set, after the structural checks every token of this issuer gets
   * (shared with bearer tokens); its outage is a 503, not a bad token.
   */
  private async keyFor(idToken: string): Promise<VerificationKey> {
    try {
      return await this.tokens.keyFor(idToken);
    } catch (error: unknown) {
      if (error instanceof KeySetUnavailableError)
        throw new IdentityProviderUnavailableError(`JWKS: ${error.message}`);
      if (error instanceof AuthError) throw invalid(error.reason ?? error.code);
      throw error;
    }
  }

  /** The key was there: whatever jose refuses now is the token's fault. */
  private classify(error: unknown): Error {
    if (error instanceof errors.JOSEError) return invalid(`${error.code}: ${error.message}`);
    return error instanceof Error ? error : new Error(String(error));
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
