import { hash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { VerifyOptions } from 'jsonwebtoken';
import { AUTH_SETTINGS } from '../auth.constants';
import type { AuthSettings } from '../auth-options';
import { JwksKeySet } from '../keys/jwks-key-set';
import type { VerificationKey } from '../keys/jwks-fetcher';
import type { Principal } from '../principal';
import { checkAccessTokenClaims } from './claims.rules';
import { normalizeClaims } from './claims.normalizer';
import { verifySignedJwt } from './signature';
import { checkTokenSize, keyForToken } from './token-key';
import { VerifiedTokenCache } from './verified-token.cache';

/**
 * Turns a bearer access token into a {@link Principal}, or throws an auth error
 * (`InvalidTokenError`, or `KeySetUnavailableError` when no key set could ever be loaded).
 * Checks, in order: size (before any parsing), structure and header (no key needed), key by
 * `kid` from the issuer's JWKS and its `alg`, signature/`alg`/`iss`/`aud`/`exp`/`nbf`
 * (passport-jwt's verifier), then `exp` present, `iat` sane, `sub` present and not an ID token
 * (RFC 8725, RFC 9068).
 */
@Injectable()
export class TokenVerifier {
  private readonly cache: VerifiedTokenCache;
  private readonly jwtOptions: VerifyOptions;

  constructor(
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
    private readonly keySet: JwksKeySet,
  ) {
    this.cache = new VerifiedTokenCache(settings.verifiedTokenCacheSize);
    keySet.onKeyRemoved((kid) => this.cache.dropKid(kid));
    this.jwtOptions = {
      algorithms: [...settings.algorithms] as VerifyOptions['algorithms'],
      issuer: settings.issuer,
      audience: [...settings.audiences],
      clockTolerance: settings.clockToleranceSec,
    };
  }

  /**
   * The key of the issuer's key set for `token`, after the checks every token kind shares (size,
   * structure, header, `kid`, the key's own `alg`). For other tokens of the same issuer (ID
   * tokens) that have their own claim rules. Throws {@link InvalidTokenError} or
   * {@link KeySetUnavailableError}.
   */
  async keyFor(token: string): Promise<VerificationKey> {
    return (await keyForToken(token, this.settings, this.keySet)).key;
  }

  /** Verifies `token` (the credential alone, without the `Bearer ` prefix); `via` is `bearer`. */
  async verify(token: string): Promise<Principal> {
    checkTokenSize(token, this.settings);
    // The hash covers the whole token, signature included: only the exact bytes verified before hit.
    const cacheKey = hash('sha256', token, 'base64');
    const nowMs = Date.now();
    const cached = this.cache.get(cacheKey, nowMs);
    if (cached) {
      // A hit never asks for a key, so it must be what keeps the key set fresh: otherwise a key
      // the issuer withdrew would keep its cached tokens alive until they expire.
      this.keySet.refreshIfStale(nowMs);
      return cached;
    }
    const { header, key } = await keyForToken(token, this.settings, this.keySet);
    const claims = verifySignedJwt(token, key.publicKey, this.jwtOptions);
    checkAccessTokenClaims(claims, Math.floor(Date.now() / 1000), this.settings.clockToleranceSec);
    const principal = normalizeClaims(claims, 'bearer');
    this.cache.set(cacheKey, principal, header.kid);
    return principal;
  }
}
