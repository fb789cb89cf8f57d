import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DevIdpContext, DevIdpLogger } from './dev-idp.context';
import { createGrpcApp } from './grpc/grpc-app';
import { createHttp1App } from './http/http1-app';
import { loadSigningKey } from './keys/signing-key';
import { GrantStore } from './oauth/grant-store';
import { DevIdpUser, loadSeed } from './seed/seed-loader';
import { DualProtocolServer } from './server/dual-protocol-server';
import { loadAppClientCredentials } from './store/app-client-credentials';
import { ClientStore } from './store/client-store';
import { TokenMinter } from './tokens/token-minter';
import { loadWebhookSecret } from './store/webhook-secret';
import { BackchannelLogoutSender } from './webhooks/backchannel-logout.sender';
import { WebhookSender } from './webhooks/webhook-sender';

export type { DevIdpLogger } from './dev-idp.context';
export type { DevIdpUser } from './seed/seed-loader';

export const DEV_IDP_DEFAULT_PORT = 8788;

export interface DevIdpOptions {
  /** Port on 127.0.0.1; 0 picks a free one. Default 8788. */
  readonly port?: number;
  /** Where clients, hashed secrets, the app client secret and the signing key are kept. Default `./data/dev-idp`. */
  readonly dataDir?: string;
  /** Seed file (users, organizations, roles); default `seed/default-seed.json`. */
  readonly seedFile?: string;
  /** Lifetime of user access tokens and of the admin token. Default 300 s. */
  readonly accessTokenTtlS?: number;
  /** Lifetime of M2M tokens for clients registered without an expiry. Default 3600 s. */
  readonly clientTokenTtlS?: number;
  /** Lifetime of authorization codes. Default 60 s. */
  readonly codeTtlS?: number;
  /** Lifetime of refresh tokens. Default 7 days. */
  readonly refreshTokenTtlS?: number;
  /** The app client's registered redirect URIs (exact match). */
  readonly appRedirectUris?: readonly string[];
  /** Where `/oidc/logout` may send the browser back to (exact match). */
  readonly appPostLogoutRedirectUris?: readonly string[];
  /** The app's initiate-login URL, where the stand-in's IdP portal sends IdP-initiated logins. */
  readonly appInitiateLoginUri?: string;
  /** The app's webhook endpoint: the stand-in sends it signed events (a user's logout...). */
  readonly appWebhookUrl?: string;
  /** The app's back-channel logout endpoint, called when a session ends at the stand-in. */
  readonly appBackchannelLogoutUri?: string;
  readonly logger?: DevIdpLogger;
}

/** A running stand-in. */
export interface DevIdpHandle {
  /** `http://127.0.0.1:<port>`: issuer, SCALEKIT_ENVIRONMENT_URL and gRPC base URL at once. */
  readonly url: string;
  /** The app's client id and secret (SCALEKIT_CLIENT_ID / SCALEKIT_CLIENT_SECRET). */
  readonly appClient: { readonly clientId: string; readonly clientSecret: string };
  readonly users: readonly DevIdpUser[];
  readonly organizations: readonly { readonly id: string; readonly name: string }[];
  readonly dataDir: string;
  /** Signing secret of the webhooks sent to `appWebhookUrl` (SCALEKIT_WEBHOOK_SECRET). */
  readonly webhookSecret: string;
  stop(): Promise<void>;
}

const consoleLogger: DevIdpLogger = {
  info: (m) => process.stdout.write(`${m}\n`),
  warn: (m) => process.stderr.write(`${m}\n`),
  error: (m, e) =>
    process.stderr.write(`${m}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`),
};

/**
 * Starts the local Scalekit stand-in on 127.0.0.1: OIDC over HTTP/1.1 and the gRPC ClientService
 * over h2c, on one port. For development and tests only; production never imports this module.
 */
export async function startDevIdp(options: DevIdpOptions = {}): Promise<DevIdpHandle> {
  const dataDir = resolve(options.dataDir ?? './data/dev-idp');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const seed = loadSeed(options.seedFile);
  const key = await loadSigningKey(dataDir);
  const appClient = loadAppClientCredentials(dataDir, seed.appClientId);
  // Every data file is read before the port is bound: a damaged one must fail the start without
  // leaving a listening socket behind.
  const clients = ClientStore.open(dataDir);
  const webhookSecret = loadWebhookSecret(dataDir);
  // The handlers need the issuer URL, known only once the port is bound (port 0 = any free port).
  const apps: Partial<{
    http1: ReturnType<typeof createHttp1App>;
    grpc: ReturnType<typeof createGrpcApp>;
  }> = {};
  const server = new DualProtocolServer(
    (req, res) => apps.http1?.(req, res),
    (req, res) => apps.grpc?.(req, res),
  );
  const address = await server.listen(options.port ?? DEV_IDP_DEFAULT_PORT, '127.0.0.1');
  const url = `http://127.0.0.1:${address.port}`;
  const context = devIdpContext(
    url,
    options,
    { seed, appClient, clients, key },
    { dir: dataDir, webhookSecret },
  );
  apps.http1 = createHttp1App(context);
  apps.grpc = createGrpcApp(context);
  return {
    url,
    appClient: { clientId: appClient.clientId, clientSecret: appClient.clientSecret },
    users: seed.users,
    organizations: seed.organizations,
    dataDir,
    webhookSecret,
    stop: async () => {
      await server.close();
      context.grants.flush();
    },
  };
}

/** What the handlers share, once the issuer URL is known: the loaded data and the settings. */
function devIdpContext(
  issuer: string,
  options: DevIdpOptions,
  loaded: Pick<DevIdpContext, 'seed' | 'appClient' | 'clients' | 'key'>,
  data: { readonly dir: string; readonly webhookSecret: string },
): DevIdpContext {
  const logger = options.logger ?? consoleLogger;
  const minter = new TokenMinter(issuer, loaded.key);
  return {
    issuer,
    ...loaded,
    minter,
    grants: new GrantStore(
      (options.codeTtlS ?? 60) * 1000,
      (options.refreshTokenTtlS ?? 7 * 86400) * 1000,
      join(data.dir, 'grants.json'),
    ),
    settings: {
      accessTokenTtlS: options.accessTokenTtlS ?? 300,
      clientTokenTtlS: options.clientTokenTtlS ?? 3600,
      appRedirectUris: new Set(options.appRedirectUris ?? []),
      appPostLogoutRedirectUris: new Set(options.appPostLogoutRedirectUris ?? []),
      appInitiateLoginUri: options.appInitiateLoginUri,
    },
    webhooks: new WebhookSender(options.appWebhookUrl, data.webhookSecret, 'env_dev', logger),
    backchannel: new BackchannelLogoutSender(
      options.appBackchannelLogoutUri,
      loaded.appClient.clientId,
      minter,
      logger,
    ),
    logger,
  };
}
