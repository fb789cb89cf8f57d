import { z } from 'zod';
import { RedisUrlSchema } from './redis.config';
import { envBoolean, envPositiveInt, Env, parseEnv, ParseResult, envNumber } from './env';

/**
 * Where sessions and login attempts live. Redis is the service's one client (src/redis: URL, key
 * prefix and deadline are `REDIS_*`).
 */
export type SessionStoreConfig =
  | {
      readonly kind: 'file';
      readonly dataDir: string;
      readonly maxEntries: number;
      /** `SESSION_STORE=file` was set: per-instance state is meant, not an oversight. */
      readonly chosen: boolean;
    }
  | { readonly kind: 'redis' };

/** Browser sessions (`SESSION_*`, `REDIS_URL`); see .env.example. */
export interface SessionConfig {
  readonly store: SessionStoreConfig;
  /** A session unused for this long ends. */
  readonly idleTimeoutS: number;
  /** A session ends this long after sign-in, however active. */
  readonly absoluteTimeoutS: number;
  /** How long a started login (state, nonce, PKCE verifier) may wait for its callback. */
  readonly loginTtlS: number;
  /** The access token is refreshed when it has less than this left. */
  readonly refreshLeewayS: number;
  /** Secure cookies with the `__Host-` prefix; default on in production. */
  readonly secureCookies: boolean;
  /** Requests per window and client IP on /login and /auth/callback. */
  readonly rateLimit: { readonly limit: number; readonly windowS: number };
}

const schema = z.object({
  REDIS_URL: RedisUrlSchema,
  SESSION_STORE: z.enum(['file', 'redis']).optional(),
  SESSION_DATA_DIR: z.string().min(1).default('./data/sessions'),
  SESSION_MAX_ENTRIES: envPositiveInt.max(10_000_000).default(100_000),
  SESSION_IDLE_TIMEOUT_S: envPositiveInt.default(1_800),
  SESSION_ABSOLUTE_TIMEOUT_S: envPositiveInt.default(28_800),
  SESSION_LOGIN_TTL_S: envPositiveInt.max(3_600).default(600),
  SESSION_REFRESH_LEEWAY_S: envNumber().int('must be a whole number').min(0).max(3_600).default(60),
  SESSION_SECURE_COOKIES: envBoolean.optional(),
  SESSION_RATE_LIMIT: envPositiveInt.default(30),
  SESSION_RATE_WINDOW_S: envPositiveInt.default(60),
});

/**
 * Reads the session variables. `REDIS_URL` selects Redis unless `SESSION_STORE=file` says
 * otherwise; without it sessions go to files under `SESSION_DATA_DIR`, so `npm start` needs nothing.
 */
export function parseSessionConfig(env: Env, isProduction: boolean): ParseResult<SessionConfig> {
  const parsed = parseEnv(schema, env);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  const problems: string[] = [];
  const kind = v.SESSION_STORE ?? (v.REDIS_URL ? 'redis' : 'file');
  if (kind === 'redis' && !v.REDIS_URL)
    problems.push('REDIS_URL: required when SESSION_STORE=redis');
  if (v.SESSION_ABSOLUTE_TIMEOUT_S < v.SESSION_IDLE_TIMEOUT_S) {
    problems.push('SESSION_ABSOLUTE_TIMEOUT_S: must not be shorter than SESSION_IDLE_TIMEOUT_S');
  }
  // A production cookie without Secure could leave over plain HTTP: refuse rather than warn.
  if (isProduction && v.SESSION_SECURE_COOKIES === false) {
    problems.push('SESSION_SECURE_COOKIES: cannot be false in production');
  }
  if (problems.length > 0) return { ok: false, problems };
  const store: SessionStoreConfig =
    kind === 'redis'
      ? { kind }
      : {
          kind: 'file',
          dataDir: v.SESSION_DATA_DIR,
          maxEntries: v.SESSION_MAX_ENTRIES,
          chosen: v.SESSION_STORE === 'file',
        };
  return {
    ok: true,
    value: {
      store,
      idleTimeoutS: v.SESSION_IDLE_TIMEOUT_S,
      absoluteTimeoutS: v.SESSION_ABSOLUTE_TIMEOUT_S,
      loginTtlS: v.SESSION_LOGIN_TTL_S,
      refreshLeewayS: v.SESSION_REFRESH_LEEWAY_S,
      secureCookies: v.SESSION_SECURE_COOKIES ?? isProduction,
      rateLimit: { limit: v.SESSION_RATE_LIMIT, windowS: v.SESSION_RATE_WINDOW_S },
    },
  };
}
