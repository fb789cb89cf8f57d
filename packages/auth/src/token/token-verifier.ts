import { hash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AUTH_SETTINGS } from '../auth.constants';
import type { AuthSettings } from '../auth-options';
import { IssuerKeySets } from '../keys/issuer-key-sets';
import type { VerificationKey } from '../keys/jwks-fetcher';
import type { Principal } from '../principal';
import { checkAccessTokenClaims } from './claims.rules';
import { normalizeClaims } from './claims.normalizer';
import { verifySignedJwt } from './signature';
import { checkTokenSize, keyForToken } from './token-key';
import { VerifiedTokenCache } from './verified-token.cache';

/** What {@link TokenVerifier.verifySigned} checks beyond the signature. */
export interface SignedTokenRules {
  /** The `aud` the token must name, instead of the issuer's configured audiences. */
  readonly audience: string;
}

/**
 * The one verification core of the module: turns a bearer access token into a
 * {@link Principal}, or throws an auth error (`InvalidTokenError`, or `KeySetUnavailableError`
 * when no key set could ever be loaded). Checks, in order: size (before any parsing), structure
 * and header (no key needed), an accepted `iss`, key by `kid` from that issuer's JWKS and its
 * `alg`, signature/`alg`/`iss`/`aud`/`exp`/`nbf` (jsonwebtoken), then
 * `exp` present, `iat` sane, `sub` present and not an ID token (RFC 8725, RFC 9068). Other
 * tokens the same issuers sign (ID tokens) go through {@link verifySigned}.
 */
@Injectable()
export class TokenVerifier {
  private readonly cache: VerifiedTokenCache;

  constructor(
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
    private readonly issuers: IssuerKeySets,
  ) {
    this.cache = new VerifiedTokenCache(settings.verifiedTokenCacheSize);
    for (const { settings: issuer, keySet } of issuers.list()) {
      keySet.onKeyRemoved((kid) => this.cache.dropKid(cacheKid(issuer.issuer, kid)));
    }
  }

  /**
   * The key of the issuer's key set for `token`, after the checks every token kind shares (size,
   * structure, header, accepted `iss`, `kid`, the key's own `alg`). Throws
   * {@link InvalidTokenError} or {@link KeySetUnavailableError}.
   */
  async keyFor(token: string): Promise<VerificationKey> {
    return (await keyForToken(token, this.settings, this.issuers)).key;
  }

  /**
   * Verifies a token of an accepted issuer that is not an access token (an ID token, a logout
   * token): the checks of {@link keyFor}, then signature, `alg`, `iss`, `aud` = `rules.audience`,
   * `exp` and `nbf` with the configured leeway. Returns the claims and the header's `alg`; the
   * caller applies the rules of its token kind (nonce, `azp`, `events`...).
   */
  async verifySigned(
    token: string,
    rules: SignedTokenRules,
  ): Promise<{ claims: Record<string, unknown>; alg: string }> {
    const { header, issuer, key } = await keyForToken(token, this.settings, this.issuers);
    const options = { ...issuer.verifyOptions, audience: rules.audience };
    return { claims: verifySignedJwt(token, key.publicKey, options), alg: header.alg };
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
      this.issuers.get(cached.claims.iss)?.keySet.refreshIfStale(nowMs);
      return cached;
    }
    const { header, issuer, key } = await keyForToken(token, this.settings, this.issuers);
    const claims = verifySignedJwt(token, key.publicKey, issuer.verifyOptions);
    checkAccessTokenClaims(claims, Math.floor(Date.now() / 1000), this.settings.clockToleranceSec);
    const principal = normalizeClaims(claims, 'bearer');
    this.cache.set(cacheKey, principal, cacheKid(issuer.settings.issuer, header.kid));
    return principal;
  }
}

/** Key ids are only unique within one issuer's key set. */
function cacheKid(issuer: string, kid: string): string {
  return `${issuer}\u0000${kid}`;
}
