import { z } from 'zod';
import {
  AuthModuleOptions,
  VERIFIABLE_ALGORITHM_NAMES,
  VerifiableAlgorithm,
} from '@scalekit-nest/auth';
import {
  envExactHttpUrl,
  envHttpUrl,
  envList,
  envPositiveInt,
  Env,
  parseEnv,
  ParseResult,
  envNumber,
} from './env';

/** The AuthModule decides what it can verify; configuration offers exactly that list. */
export const SUPPORTED_ALGORITHMS = VERIFIABLE_ALGORITHM_NAMES;
export type SupportedAlgorithm = VerifiableAlgorithm;

/**
 * What the bearer-token validator needs, read from `AUTH_*` (issuer defaulting to the Scalekit
 * environment): the AuthModule's own options, every one of them given.
 */
export type AuthConfig = Required<
  Pick<
    AuthModuleOptions,
    | 'issuer'
    | 'jwksUri'
    | 'audiences'
    | 'clockToleranceSec'
    | 'realm'
    | 'jwksTimeoutMs'
    | 'jwksCooldownMs'
    | 'jwksMaxAgeMs'
    | 'verifiedTokenCacheSize'
  >
> & { readonly algorithms: readonly SupportedAlgorithm[] };

const schema = z.object({
  AUTH_ISSUER: envExactHttpUrl.optional(),
  AUTH_JWKS_URI: envHttpUrl.optional(),
  AUTH_AUDIENCE: envList.optional(),
  AUTH_ALGORITHMS: envList
    .pipe(
      z
        .array(
          z.enum(SUPPORTED_ALGORITHMS, {
            message: `each must be one of ${SUPPORTED_ALGORITHMS.join(', ')}`,
          }),
        )
        .min(1),
    )
    .default(['RS256']),
  AUTH_CLOCK_TOLERANCE_S: envNumber().int('must be a whole number').min(0).max(300).default(5),
  AUTH_REALM: z
    .string()
    .regex(/^[\x20-\x7e]+$/, 'must be printable ASCII')
    .refine((v) => !v.includes('"'), 'must not contain a double quote')
    .optional(),
  AUTH_JWKS_TIMEOUT_MS: envPositiveInt.default(5_000),
  AUTH_JWKS_COOLDOWN_MS: envPositiveInt.default(30_000),
  AUTH_JWKS_MAX_AGE_MS: envPositiveInt.default(600_000),
  AUTH_TOKEN_CACHE_SIZE: envNumber()
    .int('must be a whole number')
    .min(0)
    .max(1_000_000)
    .default(10_000),
});

export function parseAuthConfig(
  env: Env,
  defaults: {
    issuer?: string;
    /**
     * The Scalekit configuration the issuer defaults to was given but is broken: its own
     * problems say what to fix, so no second line about AUTH_ISSUER.
     */
    issuerPending?: boolean;
    realm: string;
  },
): ParseResult<AuthConfig> {
  const parsed = parseEnv(schema, env);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  const issuer = v.AUTH_ISSUER ?? defaults.issuer;
  const problems: string[] = [];
  if (!issuer && !defaults.issuerPending)
    problems.push('AUTH_ISSUER: required (or set SCALEKIT_ENVIRONMENT_URL, which it defaults to)');
  if (!v.AUTH_AUDIENCE || v.AUTH_AUDIENCE.length === 0) {
    problems.push(
      'AUTH_AUDIENCE: required; the audiences (comma-separated) a token must name to be accepted',
    );
  }
  if (!issuer || !v.AUTH_AUDIENCE || problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      issuer,
      // Scalekit publishes its key set at `${environment}/keys`, not at /.well-known/jwks.json.
      jwksUri: v.AUTH_JWKS_URI ?? `${issuer.replace(/\/+$/, '')}/keys`,
      audiences: v.AUTH_AUDIENCE,
      algorithms: v.AUTH_ALGORITHMS,
      clockToleranceSec: v.AUTH_CLOCK_TOLERANCE_S,
      realm: v.AUTH_REALM ?? defaults.realm,
      jwksTimeoutMs: v.AUTH_JWKS_TIMEOUT_MS,
      jwksCooldownMs: v.AUTH_JWKS_COOLDOWN_MS,
      jwksMaxAgeMs: v.AUTH_JWKS_MAX_AGE_MS,
      verifiedTokenCacheSize: v.AUTH_TOKEN_CACHE_SIZE,
    },
  };
}
