import type { SigningKey } from './keys/signing-key';
import type { GrantStore } from './oauth/grant-store';
import type { DevIdpUser, LoadedSeed } from './seed/seed-loader';
import type { AppClientCredentials } from './store/app-client-credentials';
import type { ClientStore } from './store/client-store';
import type { TokenMinter } from './tokens/token-minter';
import type { BackchannelLogoutSender } from './webhooks/backchannel-logout.sender';
import type { WebhookSender } from './webhooks/webhook-sender';

/** Where the stand-in reports what it does; the test fixture passes a silent one. */
export interface DevIdpLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export interface DevIdpSettings {
  readonly accessTokenTtlS: number;
  /** Lifetime of M2M tokens for clients registered without an expiry. */
  readonly clientTokenTtlS: number;
  readonly appRedirectUris: ReadonlySet<string>;
  readonly appPostLogoutRedirectUris: ReadonlySet<string>;
  readonly appInitiateLoginUri: string | undefined;
}

/** Everything the stand-in's handlers share. */
export interface DevIdpContext {
  readonly issuer: string;
  readonly seed: LoadedSeed;
  readonly appClient: AppClientCredentials;
  readonly clients: ClientStore;
  readonly key: SigningKey;
  readonly minter: TokenMinter;
  readonly grants: GrantStore;
  /** Signed events to the app's webhook endpoint (when one is registered). */
  readonly webhooks: WebhookSender;
  /** Back-channel logout calls to the app (when its endpoint is registered). */
  readonly backchannel: BackchannelLogoutSender;
  readonly settings: DevIdpSettings;
  readonly logger: DevIdpLogger;
}

export function findUser(
  ctx: DevIdpContext,
  by: { id?: string; email?: string },
): DevIdpUser | undefined {
  return ctx.seed.users.find((u) =>
    by.id !== undefined ? u.id === by.id : u.email === by.email?.toLowerCase(),
  );
}
