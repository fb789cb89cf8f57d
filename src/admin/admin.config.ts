import { z } from 'zod';
import { envPositiveInt, Env, parseEnv, ParseResult } from '../config/env';

/** Settings of the admin API, read from `ADMIN_*` and `REDIS_URL` (see .env.example). */
export interface AdminConfig {
  /** `stdout`, `stderr`, `off`, or a file path the audit stream is appended to. */
  readonly auditLog: string;
  readonly idempotency: {
    /** Shared store for several instances; in-memory (this instance only) when absent. */
    readonly redisUrl: string | undefined;
    /** Pepper for record ids and response encryption; random per process when absent. */
    readonly secret: string | undefined;
    readonly ttlMs: number;
    readonly maxEntries: number;
  };
  /** Largest request body accepted on admin routes, in bytes. */
  readonly maxBodyBytes: number;
}

const schema = z.object({
  ADMIN_AUDIT_LOG: z.string().min(1).default('stdout'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  ADMIN_IDEMPOTENCY_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ADMIN_IDEMPOTENCY_TTL_S: envPositiveInt
    .max(86_400, 'must be at most 86400 (one day)')
    .default(600),
  ADMIN_IDEMPOTENCY_MAX_ENTRIES: envPositiveInt.default(10_000),
  ADMIN_MAX_BODY_BYTES: envPositiveInt.max(1_048_576).default(16_384),
});

export function parseAdminConfig(env: Env): ParseResult<AdminConfig> {
  const parsed = parseEnv(schema, env);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  // Instances sharing Redis must derive the same record ids and keys, so a random per-process
  // pepper would make every cross-instance retry unreadable.
  if (v.REDIS_URL && !v.ADMIN_IDEMPOTENCY_SECRET) {
    return {
      ok: false,
      problems: [
        'ADMIN_IDEMPOTENCY_SECRET: required when REDIS_URL is set (every instance must use the same one)',
      ],
    };
  }
  return {
    ok: true,
    value: {
      auditLog: v.ADMIN_AUDIT_LOG,
      idempotency: {
        redisUrl: v.REDIS_URL,
        secret: v.ADMIN_IDEMPOTENCY_SECRET,
        ttlMs: v.ADMIN_IDEMPOTENCY_TTL_S * 1000,
        maxEntries: v.ADMIN_IDEMPOTENCY_MAX_ENTRIES,
      },
      maxBodyBytes: v.ADMIN_MAX_BODY_BYTES,
    },
  };
}
