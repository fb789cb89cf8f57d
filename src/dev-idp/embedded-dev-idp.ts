import { ConfigValidationError, Env } from '../config/env';
import { parseScalekitConfig } from '../config/scalekit.config';
import { parseServerConfig } from '../config/server.config';
import { startDevIdp, type DevIdpHandle, type DevIdpLogger } from './dev-idp';
import { parseDevIdpConfig } from './dev-idp.config';

export interface EmbeddedDevIdp {
  readonly handle: DevIdpHandle;
  /** The environment with the stand-in's values filled in where nothing was set. */
  readonly env: Env;
}

/**
 * The development default of `npm start` (docs/CONTRACTS.md, "Dev defaults"): starts the stand-in
 * with the app's redirect URIs registered and fills `SCALEKIT_ENVIRONMENT_URL`,
 * `SCALEKIT_CLIENT_ID`, `SCALEKIT_CLIENT_SECRET` and `AUTH_AUDIENCE` where unset. Returns undefined
 * when `DEV_IDP_EMBEDDED=false`. main.ts imports this module dynamically, so production never loads it.
 */
export async function startEmbeddedDevIdp(
  env: Env,
  logger: DevIdpLogger,
): Promise<EmbeddedDevIdp | undefined> {
  const server = parseServerConfig(env);
  const publicBaseUrl = server.ok ? server.value.publicBaseUrl : 'http://127.0.0.1:3000';
  // Parse with placeholders only to learn the redirect URIs the app will use (SCALEKIT_REDIRECT_URI or its default).
  const app = parseScalekitConfig(
    {
      ...env,
      SCALEKIT_ENVIRONMENT_URL: 'http://placeholder',
      SCALEKIT_CLIENT_ID: 'x',
      SCALEKIT_CLIENT_SECRET: 'x',
    },
    publicBaseUrl,
  );
  const registered =
    app.ok && app.value
      ? {
          redirectUris: [app.value.redirectUri],
          postLogoutRedirectUris: [app.value.postLogoutRedirectUri],
          initiateLoginUri: `${publicBaseUrl}/login`,
          webhookUrl: `${publicBaseUrl}/webhooks/scalekit`,
          backchannelLogoutUri: `${publicBaseUrl}/auth/backchannel-logout`,
        }
      : undefined;
  const config = parseDevIdpConfig(env, registered);
  if (!config.ok) throw new ConfigValidationError(config.problems);
  if (!config.value.embedded) return undefined;

  const handle = await startDevIdp({ ...config.value.options, logger });
  const filled: Record<string, string | undefined> = { ...env };
  const fill = (name: string, value: string) => {
    if (filled[name] === undefined || filled[name]?.trim() === '') filled[name] = value;
  };
  fill('SCALEKIT_ENVIRONMENT_URL', handle.url);
  fill('SCALEKIT_CLIENT_ID', handle.appClient.clientId);
  fill('SCALEKIT_CLIENT_SECRET', handle.appClient.clientSecret);
  fill('SCALEKIT_WEBHOOK_SECRET', handle.webhookSecret);
  // The public base URL too, so M2M clients registered with audience = this service are accepted.
  fill('AUTH_AUDIENCE', `${handle.appClient.clientId},${publicBaseUrl}`);
  return { handle, env: filled };
}
