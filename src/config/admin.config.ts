import { isScopeToken } from '@scalekit-nest/auth';
import { z } from 'zod';
import { envList, envPositiveInt, Env, parseEnv, ParseResult } from './env';
import { RedisUrlSchema } from './redis.config';

/**
 * Held as a permission (users) or a scope (API clients), it lifts tenant isolation. Defined here,
 * not in the admin feature, because the grantable-scope list is checked against it at boot and
 * configuration imports from no feature.
 */
export const API_CLIENTS_ADMIN = 'api_clients:admin';

/** Settings of the admin API, read from `ADMIN_*` (and `REDIS_URL`; see .env.example). */
export interface AdminConfig {
  /** `stdout`, `stderr`, `off`, or a file path the audit stream is appended to. */
  readonly auditLog: string;
  /**
   * Scopes an admin may give an API client (`ADMIN_GRANTABLE_SCOPES`). `undefined`: every scope a
   * route of this service requires, read from the routes at start-up.
   */
  readonly grantableScopes: readonly string[] | undefined;
  readonly idempotency: {
    /** Pepper for record ids and response encryption; random per process when absent. */
    readonly secret: string | undefined;
    readonly ttlMs: number;
    readonly maxEntries: number;
  };
  /** Largest request body accepted on admin routes, in bytes. */
  readonly maxBodyBytes: number;
}

const GrantableScopes = envList.superRefine((scopes, ctx) => {
  if (scopes.length === 0)
    ctx.addIssue({ code: 'custom', message: 'must list at least one scope' });
  for (const scope of scopes) {
    if (!isScopeToken(scope))
      ctx.addIssue({
        code: 'custom',
        message: `${JSON.stringify(scope)} is not an RFC 6749 scope-token (visible ASCII, no space, " or \\)`,
      });
    // Holding it is what lets a caller grant it; listing it here would suggest otherwise.
    else if (scope === API_CLIENTS_ADMIN)
      ctx.addIssue({
        code: 'custom',
        message: `must not list ${API_CLIENTS_ADMIN}: only a caller holding it may grant it, whatever this list says`,
      });
  }
});

const schema = z.object({
  ADMIN_AUDIT_LOG: z.string().min(1).default('stdout'),
  ADMIN_GRANTABLE_SCOPES: GrantableScopes.optional(),
  REDIS_URL: RedisUrlSchema,
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
      grantableScopes: v.ADMIN_GRANTABLE_SCOPES,
      idempotency: {
        secret: v.ADMIN_IDEMPOTENCY_SECRET,
        ttlMs: v.ADMIN_IDEMPOTENCY_TTL_S * 1000,
        maxEntries: v.ADMIN_IDEMPOTENCY_MAX_ENTRIES,
      },
      maxBodyBytes: v.ADMIN_MAX_BODY_BYTES,
    },
  };
}
