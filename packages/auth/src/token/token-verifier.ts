import { Inject, Injectable } from '@nestjs/common';
import { AUTH_SETTINGS } from '../auth.constants';
import type { AuthSettings } from '../auth-options';
import { InvalidTokenError } from '../errors';
import { IssuerKeySets, TrustedIssuer } from '../keys/issuer-key-sets';
import type { Principal } from '../principal';
import { isToken68 } from './bearer-credentials';
import { checkAccessTokenClaims } from './claims.rules';
import { normalizeClaims } from './claims.normalizer';
import { verifySignedJwt } from './signature';
import { checkTokenSize, keyForToken, TokenKey } from './token-key';
import { VerifiedTokenCache } from './verified-token.cache';

/** What {@link TokenVerifier.verifySigned} checks beyond the signature. */
export interface SignedTokenRules {
  /** The `aud` the token must name, instead of the issuer's configured audiences. */
  readonly audience: string;
  /**
   * The header `typ` values accepted (e.g. `logout+jwt`), instead of access-token types. A
   * token without `typ` passes either way; the claims tell the kinds apart.
   */
  readonly types?: readonly string[];
}

/**
 * The one verification core of the module: turns a bearer access token into a
 * {@link Principal}, or throws an auth error (`InvalidTokenError`, or `KeySetUnavailableError`
 * when no key set could ever be loaded). Checks, in order: size (before any parsing), the cache
 * of tokens verified before (an exact match of the whole string), b64token syntax, structure
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
   * Verifies a token of an accepted issuer that is not an access token (an ID token, a logout
   * token): the checks of {@link checkSigned}, with `aud` = `rules.audience`. Returns the claims
   * and the header's `alg`; the caller applies the rules of its token kind (nonce, `azp`,
   * `events`...).
   */
  async verifySigned(
    token: string,
    rules: SignedTokenRules,
  ): Promise<{ claims: Record<string, unknown>; alg: string }> {
    const types = rules.types && new Set(rules.types.map((t) => t.toLowerCase()));
    const { header, claims } = await this.checkSigned(token, rules.audience, types);
    return { claims, alg: header.alg };
  }

  /** Verifies `token` (the credential alone, without the `Bearer ` prefix); `via` is `bearer`. */
  async verify(token: string): Promise<Principal> {
    checkTokenSize(token, this.settings);
    const nowMs = Date.now();
    // Only the exact string verified before hits (the cache compares the whole token).
    const cached = this.cache.get(token, nowMs);
    if (cached) {
      // A hit never asks for a key, so it must be what keeps the key set fresh: otherwise a key
      // the issuer withdrew would keep its cached tokens alive until they expire.
      this.issuers.get(cached.claims.iss)?.keySet.refreshIfStale(nowMs);
      return cached;
    }
    // Only now: a cached token is the exact string that passed this check when it was stored.
    if (!isToken68(token))
      throw InvalidTokenError.malformed('Bearer credential is not a single token68');
    const { header, issuer, claims } = await this.checkSigned(token);
    checkAccessTokenClaims(claims, Math.floor(Date.now() / 1000), this.settings.clockToleranceSec);
    const principal = normalizeClaims(claims, 'bearer');
    this.cache.set(token, principal, cacheKid(issuer.settings.issuer, header.kid));
    return principal;
  }

  /**
   * Whether a principal {@link verify} returned would still be returned for the same token now
   * (its entry not evicted, not dropped with a withdrawn key, not expired), without the token:
   * for callers that keep a principal with the token it came from, as a session does, and would
   * otherwise hash the token again on every request. Keeps the key set fresh, as a hit does.
   */
  isCurrent(principal: Principal): boolean {
    const nowMs = Date.now();
    if (!this.cache.isCurrent(principal, nowMs)) return false;
    this.issuers.get(principal.claims.iss)?.keySet.refreshIfStale(nowMs);
    return true;
  }

  /**
   * The checks every token gets: size, structure, header, an accepted `iss`, the key by `kid`
   * and its `alg` ({@link keyForToken}), then signature, `alg`, `iss`, `aud` (the issuer's
   * audiences, or `audience` instead), `exp` and `nbf`.
   */
  private async checkSigned(
    token: string,
    audience?: string,
    types?: ReadonlySet<string>,
  ): Promise<{
    header: TokenKey['header'];
    issuer: TrustedIssuer;
    claims: Record<string, unknown>;
  }> {
    const { header, issuer, key } = await keyForToken(token, this.settings, this.issuers, types);
    const options =
      audience === undefined ? issuer.verifyOptions : { ...issuer.verifyOptions, audience };
    return { header, issuer, claims: verifySignedJwt(token, key.publicKey, options) };
  }
}

/** Key ids are only unique within one issuer's key set. */
function cacheKid(issuer: string, kid: string): string {
  return `${issuer}\u0000${kid}`;
}
