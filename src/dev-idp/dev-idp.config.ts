import { z } from 'zod';
import {
  envBoolean,
  envList,
  envPositiveInt,
  Env,
  parseEnv,
  ParseResult,
  envNumber,
} from '../config/env';
import type { DevIdpOptions } from './dev-idp';

/** The stand-in's settings from `DEV_IDP_*` (see docs/dev-idp.md). */
export interface DevIdpConfig {
  /** false: `npm start` does not start the embedded stand-in even without SCALEKIT_*. */
  readonly embedded: boolean;
  readonly options: DevIdpOptions;
}

const schema = z.object({
  DEV_IDP_EMBEDDED: envBoolean.default(true),
  DEV_IDP_PORT: envNumber().int('must be a whole number').min(0).max(65535).default(8788),
  DEV_IDP_DATA_DIR: z.string().min(1).default('./data/dev-idp'),
  DEV_IDP_SEED_FILE: z.string().min(1).optional(),
  DEV_IDP_ACCESS_TOKEN_TTL_S: envPositiveInt.default(300),
  DEV_IDP_CLIENT_TOKEN_TTL_S: envPositiveInt.default(3600),
  DEV_IDP_CODE_TTL_S: envPositiveInt.default(60),
  DEV_IDP_REFRESH_TOKEN_TTL_S: envPositiveInt.default(7 * 86400),
  DEV_IDP_REDIRECT_URIS: envList.default([]),
  DEV_IDP_POST_LOGOUT_REDIRECT_URIS: envList.default([]),
});

/**
 * Reads `DEV_IDP_*`. The app's own redirect URIs (`registered`) are always registered with the
 * stand-in; `DEV_IDP_REDIRECT_URIS` / `DEV_IDP_POST_LOGOUT_REDIRECT_URIS` add more (other apps).
 */
export function parseDevIdpConfig(
  env: Env,
  registered: {
    redirectUris: readonly string[];
    postLogoutRedirectUris: readonly string[];
    /** The app's initiate-login URL (its `GET /login`), for the stand-in's IdP portal. */
    initiateLoginUri?: string;
    /** The app's webhook endpoint, which the stand-in sends signed events to. */
    webhookUrl?: string;
    /** The app's back-channel logout endpoint. */
    backchannelLogoutUri?: string;
  } = {
    redirectUris: [],
    postLogoutRedirectUris: [],
  },
): ParseResult<DevIdpConfig> {
  const parsed = parseEnv(schema, env);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  return {
    ok: true,
    value: {
      embedded: v.DEV_IDP_EMBEDDED,
      options: {
        port: v.DEV_IDP_PORT,
        dataDir: v.DEV_IDP_DATA_DIR,
        seedFile: v.DEV_IDP_SEED_FILE,
        accessTokenTtlS: v.DEV_IDP_ACCESS_TOKEN_TTL_S,
        clientTokenTtlS: v.DEV_IDP_CLIENT_TOKEN_TTL_S,
        codeTtlS: v.DEV_IDP_CODE_TTL_S,
        refreshTokenTtlS: v.DEV_IDP_REFRESH_TOKEN_TTL_S,
        appRedirectUris: [...registered.redirectUris, ...v.DEV_IDP_REDIRECT_URIS],
        appPostLogoutRedirectUris: [
          ...registered.postLogoutRedirectUris,
          ...v.DEV_IDP_POST_LOGOUT_REDIRECT_URIS,
        ],
        appInitiateLoginUri: registered.initiateLoginUri,
        appWebhookUrl: registered.webhookUrl,
        appBackchannelLogoutUri: registered.backchannelLogoutUri,
      },
    },
  };
}
