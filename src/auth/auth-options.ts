/**
 * Options of {@link AuthModule}. The app feeds it its validated `AUTH_*` configuration; another
 * app may pass the fields by hand. Only `issuer` and `audiences` are required.
 */
export interface AuthModuleOptions {
  /** Expected `iss`, compared character for character. */
  readonly issuer: string;
  /** Where the key set is published; default `${issuer}/keys` (Scalekit's path). */
  readonly jwksUri?: string;
  /** A token passes when its `aud` names at least one of these. */
  readonly audiences: readonly string[];
  /** Accepted `alg` values; asymmetric only. Default `['RS256']`. */
  readonly algorithms?: readonly string[];
  /** Leeway for `exp`, `nbf` and `iat`, in seconds. Default 5. */
  readonly clockToleranceSec?: number;
  /** `realm` of the `WWW-Authenticate` challenge. Default `api`. */
  readonly realm?: string;
  /** Total deadline of one JWKS fetch. Default 5000. */
  readonly jwksTimeoutMs?: number;
  /** Minimum time between two fetches caused by unknown `kid`s. Default 30000. */
  readonly jwksCooldownMs?: number;
  /** Age after which the key set is refreshed in the background. Default 600000 (10 min). */
  readonly jwksMaxAgeMs?: number;
  /** How many verified tokens are remembered (by hash); 0 turns the cache off. Default 10000. */
  readonly verifiedTokenCacheSize?: number;
}

/**
 * Algorithms the verifier can check (jsonwebtoken, under passport-jwt): asymmetric only, so a
 * public key can never act as an HMAC secret, and never `none`. No EdDSA: jsonwebtoken lacks it.
 */
export const VERIFIABLE_ALGORITHM_NAMES = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
] as const;
export type VerifiableAlgorithm = (typeof VERIFIABLE_ALGORITHM_NAMES)[number];
export const VERIFIABLE_ALGORITHMS: ReadonlySet<string> = new Set(VERIFIABLE_ALGORITHM_NAMES);

/** {@link AuthModuleOptions} with every default applied, checked once at start-up. */
export interface AuthSettings {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly audiences: readonly [string, ...string[]];
  readonly algorithms: readonly string[];
  readonly clockToleranceSec: number;
  readonly realm: string;
  readonly jwksTimeoutMs: number;
  readonly jwksCooldownMs: number;
  readonly jwksMaxAgeMs: number;
  readonly verifiedTokenCacheSize: number;
  /** Tokens longer than this are refused before any parsing or crypto. */
  readonly maxTokenLength: number;
}

/** Applies defaults and refuses options that would weaken verification (fail at boot, not later). */
export function resolveAuthSettings(options: AuthModuleOptions): AuthSettings {
  const [firstAudience, ...otherAudiences] = options.audiences;
  if (!options.issuer) throw new TypeError('AuthModule: issuer is required');
  if (firstAudience === undefined)
    throw new TypeError('AuthModule: at least one audience is required');
  const algorithms = options.algorithms ?? ['RS256'];
  const unsupported = algorithms.filter((alg) => !VERIFIABLE_ALGORITHMS.has(alg));
  if (algorithms.length === 0 || unsupported.length > 0) {
    throw new TypeError(
      `AuthModule: unsupported algorithm(s) ${unsupported.join(', ') || '(none given)'}`,
    );
  }
  const realm = options.realm ?? 'api';
  if (!/^[\x20-\x7e]+$/.test(realm) || realm.includes('"')) {
    throw new TypeError('AuthModule: realm must be printable ASCII without a double quote');
  }
  return {
    issuer: options.issuer,
    jwksUri: options.jwksUri ?? `${options.issuer.replace(/\/+$/, '')}/keys`,
    audiences: [firstAudience, ...otherAudiences],
    algorithms,
    clockToleranceSec: options.clockToleranceSec ?? 5,
    realm,
    jwksTimeoutMs: options.jwksTimeoutMs ?? 5_000,
    jwksCooldownMs: options.jwksCooldownMs ?? 30_000,
    jwksMaxAgeMs: options.jwksMaxAgeMs ?? 600_000,
    verifiedTokenCacheSize: options.verifiedTokenCacheSize ?? 10_000,
    maxTokenLength: 8 * 1024,
  };
}
