/** One token issuer the module accepts: its `iss`, the audiences its tokens must name, its keys. */
export interface IssuerOptions {
  /** Expected `iss`, compared character for character. */
  readonly issuer: string;
  /** A token of this issuer passes when its `aud` names at least one of these. */
  readonly audiences: readonly string[];
  /** Where the issuer publishes its key set; default `${issuer}/keys` (Scalekit's path). */
  readonly jwksUri?: string;
}

/**
 * Options of {@link AuthModule}. Either one issuer (`issuer`, `audiences`, `jwksUri`) or several
 * (`issuers`), or both (the top-level one comes first). Every other field has a default.
 */
export interface AuthModuleOptions {
  /** Expected `iss`, compared character for character. */
  readonly issuer?: string;
  /** Where the key set is published; default `${issuer}/keys` (Scalekit's path). */
  readonly jwksUri?: string;
  /** A token passes when its `aud` names at least one of these. */
  readonly audiences?: readonly string[];
  /**
   * More issuers whose tokens are accepted, each with its own audiences and key set. A token's
   * issuer is picked by its `iss` before any key is fetched; an unknown `iss` is refused.
   */
  readonly issuers?: readonly IssuerOptions[];
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
 * Algorithms the verifier can check (jsonwebtoken): asymmetric only, so a
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

/** One accepted issuer, defaults applied. */
export interface IssuerSettings {
  readonly issuer: string;
  readonly audiences: readonly [string, ...string[]];
  readonly jwksUri: string;
}

/** {@link AuthModuleOptions} with every default applied, checked once at start-up. */
export interface AuthSettings {
  /** The first issuer: the one {@link JwksKeySet} (the injectable) serves. */
  readonly issuer: string;
  readonly jwksUri: string;
  readonly audiences: readonly [string, ...string[]];
  /** Every accepted issuer, the first one included, with distinct `issuer` values. */
  readonly issuers: readonly [IssuerSettings, ...IssuerSettings[]];
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
  const [primary, ...others] = resolveIssuers(options);
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
    ...primary,
    issuers: [primary, ...others],
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

function resolveIssuers(options: AuthModuleOptions): [IssuerSettings, ...IssuerSettings[]] {
  const given: IssuerOptions[] = [...(options.issuers ?? [])];
  if (options.issuer !== undefined || options.audiences !== undefined) {
    given.unshift({
      issuer: options.issuer ?? '',
      audiences: options.audiences ?? [],
      jwksUri: options.jwksUri,
    });
  } else if (options.jwksUri !== undefined) {
    throw new TypeError('AuthModule: jwksUri needs issuer and audiences beside it');
  }
  const [first, ...rest] = given.map(resolveIssuer);
  if (first === undefined) throw new TypeError('AuthModule: issuer is required');
  const names = new Set<string>();
  for (const { issuer } of [first, ...rest]) {
    if (names.has(issuer)) throw new TypeError(`AuthModule: issuer ${issuer} is given twice`);
    names.add(issuer);
  }
  return [first, ...rest];
}

function resolveIssuer(options: IssuerOptions): IssuerSettings {
  if (!options.issuer) throw new TypeError('AuthModule: issuer is required');
  const [firstAudience, ...otherAudiences] = options.audiences;
  if (firstAudience === undefined)
    throw new TypeError(`AuthModule: at least one audience is required for ${options.issuer}`);
  return {
    issuer: options.issuer,
    audiences: [firstAudience, ...otherAudiences],
    jwksUri: options.jwksUri ?? `${options.issuer.replace(/\/+$/, '')}/keys`,
  };
}
