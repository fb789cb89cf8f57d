import { z } from 'zod';
import { envPositiveInt, Env, parseEnv, ParseResult } from './env';

/** The one Redis of the service (`REDIS_*`); see .env.example. */
export interface RedisConfig {
  /** Unset: every store is in this process (files or memory), one instance only. */
  readonly url: string | undefined;
  /** Every key the service writes starts with it, so several apps (or test runs) share one Redis. */
  readonly keyPrefix: string;
  /** Deadline of one Redis command: past it the request gets 503, never a hang. */
  readonly timeoutMs: number;
}

/** `REDIS_URL`, as every feature that asks "is Redis configured?" reads it. */
export const RedisUrlSchema = z
  .string()
  .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
  .optional();

const schema = z.object({
  REDIS_URL: RedisUrlSchema,
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'must be 1-64 letters, digits or : _ . -')
    // The old SESSION_REDIS_PREFIX default: sessions stored before the rename keep their keys.
    .default('session:'),
  REDIS_TIMEOUT_MS: envPositiveInt.max(60_000).default(1_000),
});

// The old names said "session", but the prefix and the timeout now cover every key and command of
// the service (sessions, rate limits, idempotency, locks). Ignoring them would silently move a
// deployment's keys, so a start with an old name stops and says which new one to set.
const RENAMED = [
  ['SESSION_REDIS_PREFIX', 'REDIS_KEY_PREFIX'],
  ['SESSION_REDIS_TIMEOUT_MS', 'REDIS_TIMEOUT_MS'],
] as const;

export function parseRedisConfig(env: Env): ParseResult<RedisConfig> {
  const renamed = RENAMED.filter(([old]) => (env[old] ?? '').trim() !== '').map(
    ([old, current]) =>
      `${old}: renamed to ${current} (it now covers every Redis key of the service); set ${current} instead`,
  );
  const parsed = parseEnv(schema, env);
  if (!parsed.ok || renamed.length > 0)
    return { ok: false, problems: [...renamed, ...(parsed.ok ? [] : parsed.problems)] };
  const v = parsed.value;
  return {
    ok: true,
    value: { url: v.REDIS_URL, keyPrefix: v.REDIS_KEY_PREFIX, timeoutMs: v.REDIS_TIMEOUT_MS },
  };
}
