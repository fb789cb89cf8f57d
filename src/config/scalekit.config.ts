import { z } from 'zod';
import { envHttpUrl, envPositiveInt, Env, parseEnv, ParseResult } from './env';

/** The Scalekit environment the service talks to; absent when none is configured (resource-server only). */
export interface ScalekitConfig {
  readonly environmentUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Deadline for one SDK call (HTTP or gRPC). */
  readonly timeoutMs: number;
  readonly redirectUri: string;
  readonly postLogoutRedirectUri: string;
  /** Signing secret of the webhook endpoint (`whsec_...`); webhooks are refused (503) without it. */
  readonly webhookSecret: string | undefined;
}

const schema = z.object({
  SCALEKIT_ENVIRONMENT_URL: envHttpUrl.optional(),
  SCALEKIT_ENV_URL: envHttpUrl.optional(),
  SCALEKIT_CLIENT_ID: z.string().min(1).optional(),
  SCALEKIT_CLIENT_SECRET: z.string().min(1).optional(),
  SCALEKIT_TIMEOUT_MS: envPositiveInt.default(10_000),
  SCALEKIT_REDIRECT_URI: envHttpUrl.optional(),
  SCALEKIT_POST_LOGOUT_REDIRECT_URI: envHttpUrl.optional(),
  SCALEKIT_WEBHOOK_SECRET: z
    .string()
    .regex(
      /^whsec_[A-Za-z0-9+/]{16,}={0,2}$/,
      'must be the whsec_... signing secret of the endpoint in the Scalekit dashboard',
    )
    .optional(),
});

/** Reads the Scalekit variables; `SCALEKIT_ENV_URL` is accepted as an alias of `SCALEKIT_ENVIRONMENT_URL`. */
export function parseScalekitConfig(
  env: Env,
  publicBaseUrl: string,
): ParseResult<ScalekitConfig | undefined> {
  const parsed = parseEnv(schema, env);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  const environmentUrl = v.SCALEKIT_ENVIRONMENT_URL ?? v.SCALEKIT_ENV_URL;
  const given = [environmentUrl, v.SCALEKIT_CLIENT_ID, v.SCALEKIT_CLIENT_SECRET];
  if (given.every((x) => x === undefined)) return { ok: true, value: undefined };
  const problems: string[] = [];
  if (!environmentUrl)
    problems.push(
      'SCALEKIT_ENVIRONMENT_URL: required when SCALEKIT_CLIENT_ID or SCALEKIT_CLIENT_SECRET is set',
    );
  if (!v.SCALEKIT_CLIENT_ID)
    problems.push('SCALEKIT_CLIENT_ID: required when a Scalekit environment is configured');
  if (!v.SCALEKIT_CLIENT_SECRET)
    problems.push('SCALEKIT_CLIENT_SECRET: required when a Scalekit environment is configured');
  if (
    problems.length > 0 ||
    !environmentUrl ||
    !v.SCALEKIT_CLIENT_ID ||
    !v.SCALEKIT_CLIENT_SECRET
  ) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    value: {
      environmentUrl,
      clientId: v.SCALEKIT_CLIENT_ID,
      clientSecret: v.SCALEKIT_CLIENT_SECRET,
      timeoutMs: v.SCALEKIT_TIMEOUT_MS,
      redirectUri: v.SCALEKIT_REDIRECT_URI ?? `${publicBaseUrl}/auth/callback`,
      postLogoutRedirectUri: v.SCALEKIT_POST_LOGOUT_REDIRECT_URI ?? `${publicBaseUrl}/`,
      webhookSecret: v.SCALEKIT_WEBHOOK_SECRET,
    },
  };
}

/**
 * Whether any Scalekit variable is set. In development, none set means "start the local stand-in";
 * any set means the operator chose an environment, and set variables always win.
 */
export function hasScalekitVariables(env: Env): boolean {
  return [
    'SCALEKIT_ENVIRONMENT_URL',
    'SCALEKIT_ENV_URL',
    'SCALEKIT_CLIENT_ID',
    'SCALEKIT_CLIENT_SECRET',
  ].some((name) => (env[name] ?? '').trim() !== '');
}
