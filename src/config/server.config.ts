import { z } from 'zod';
import { parseTrustProxy, type TrustProxy } from './trust-proxy';
import { envHttpUrl, envPositiveInt, Env, parseEnv, ParseResult, envNumber } from './env';

export type NodeEnv = 'development' | 'test' | 'production';

export interface ServerConfig {
  readonly nodeEnv: NodeEnv;
  readonly isProduction: boolean;
  readonly port: number;
  readonly host: string;
  /** The origin browsers see (scheme://host[:port]); the base of redirect URIs and same-origin checks. */
  readonly publicBaseUrl: string;
  /** `trust proxy` (proxy-addr rules): who may say, in `X-Forwarded-*`, what the client's IP and scheme are. */
  readonly trustProxy: TrustProxy;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `json` (one object per line, for log shippers) or `pretty` (one short readable line). */
  readonly logFormat: 'json' | 'pretty';
  /** After SIGTERM/SIGINT, in-flight requests get this long before the process exits anyway. */
  readonly shutdownTimeoutMs: number;
  readonly serviceName: string;
}

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: envNumber().int('must be a whole number').min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_BASE_URL: envHttpUrl.optional(),
  TRUST_PROXY: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  SHUTDOWN_TIMEOUT_MS: envPositiveInt.default(10_000),
  SERVICE_NAME: z.string().min(1).default('scalekit-nest-auth'),
});

export function parseServerConfig(env: Env): ParseResult<ServerConfig> {
  const parsed = parseEnv(schema, env);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  const trustProxy = parseTrustProxy(v.TRUST_PROXY, v.NODE_ENV === 'production');
  if (!trustProxy.ok) return { ok: false, problems: [trustProxy.problem] };
  const shownHost = v.HOST === '0.0.0.0' || v.HOST === '::' ? '127.0.0.1' : v.HOST;
  return {
    ok: true,
    value: {
      nodeEnv: v.NODE_ENV,
      isProduction: v.NODE_ENV === 'production',
      port: v.PORT,
      host: v.HOST,
      publicBaseUrl: v.PUBLIC_BASE_URL ?? `http://${shownHost}:${v.PORT}`,
      trustProxy: trustProxy.value,
      logLevel: v.LOG_LEVEL,
      // Readable in development, JSON wherever logs are collected.
      logFormat: v.LOG_FORMAT ?? (v.NODE_ENV === 'development' ? 'pretty' : 'json'),
      shutdownTimeoutMs: v.SHUTDOWN_TIMEOUT_MS,
      serviceName: v.SERVICE_NAME,
    },
  };
}
