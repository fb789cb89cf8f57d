import { AdminConfig, parseAdminConfig } from './admin.config';
import { parseRedisConfig, RedisConfig } from './redis.config';
import { AuthConfig, parseAuthConfig } from './auth.config';
import { ConfigValidationError, Env, ParseResult } from './env';
import { parseScalekitConfig, ScalekitConfig } from './scalekit.config';
import { parseServerConfig, ServerConfig } from './server.config';
import { parseSessionConfig, SessionConfig } from './session.config';

/**
 * The whole typed configuration, read once at boot. Features read their part through
 * `ConfigService<AppConfig, true>` with `{ infer: true }`.
 */
export interface AppConfig {
  readonly server: ServerConfig;
  readonly auth: AuthConfig;
  /** Undefined when no Scalekit environment is configured: login and admin then answer 503. */
  readonly scalekit: ScalekitConfig | undefined;
  readonly session: SessionConfig;
  /** The one Redis (`REDIS_*`): URL (or none), the prefix of every key, the command deadline. */
  readonly redis: RedisConfig;
  /** The admin API: audit stream, grantable scopes, idempotency, body limit (`ADMIN_*`). */
  readonly admin: AdminConfig;
}

/**
 * Validates the environment and builds the configuration, or throws one
 * {@link ConfigValidationError} listing every problem found.
 */
export function loadAppConfig(env: Env): AppConfig {
  const problems: string[] = [];
  const take = <T>(result: ParseResult<T>): T | undefined => {
    if (result.ok) return result.value;
    // A variable read by two features (REDIS_URL) must not be reported twice.
    for (const problem of result.problems) if (!problems.includes(problem)) problems.push(problem);
    return undefined;
  };

  const server = take(parseServerConfig(env));
  const publicBaseUrl = server?.publicBaseUrl ?? 'http://127.0.0.1:3000';
  const scalekitResult = parseScalekitConfig(env, publicBaseUrl);
  const scalekit = take(scalekitResult);
  const auth = take(
    parseAuthConfig(env, {
      issuer: scalekit?.environmentUrl,
      issuerPending: !scalekitResult.ok,
      realm: server?.serviceName ?? 'api',
    }),
  );

  const redis = take(parseRedisConfig(env));
  const session = take(parseSessionConfig(env, server?.isProduction ?? false));
  const admin = take(parseAdminConfig(env));

  if (problems.length > 0 || !server || !auth || !session || !redis || !admin)
    throw new ConfigValidationError(problems);
  return { server, auth, scalekit, session, redis, admin };
}
