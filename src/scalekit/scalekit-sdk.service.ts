import { Logger } from '@nestjs/common';
import { ScalekitClient } from '@scalekit-sdk/node';
import type { ScalekitConfig } from '../config/scalekit.config';
import { withDeadline } from './call-deadline';
import { CallKind, toScalekitError } from './sdk-error.mapper';
import { secondsUntilExpiry, toApiClient, toApiClientSecret } from './sdk-result.mapper';
import { postRefreshGrant } from './refresh-grant';
import {
  ScalekitError,
  ScalekitInvalidResponseError,
  ScalekitUnknownError,
} from './scalekit.errors';
import { ScalekitPort, type WebhookHeaders } from './scalekit.port';
import {
  organizationClientCalls,
  type OrganizationClientCalls,
  type OrganizationClientInit,
} from './sdk-protos';
import type {
  ApiClient,
  ApiClientInput,
  ApiClientPage,
  ApiClientPatch,
  AuthorizationRequest,
  CreatedApiClient,
  CreatedApiClientSecret,
  LogoutRequest,
  PageRequest,
  TokenSet,
} from './scalekit.types';

/**
 * The port through `@scalekit-sdk/node` (pinned at 2.11.0: see ../shared/reference/scalekit-sdk-wire.md).
 * Owns the one ScalekitClient; nothing from the SDK leaves this class.
 */
export class ScalekitSdkService extends ScalekitPort {
  private readonly logger = new Logger(ScalekitSdkService.name);
  private readonly sdk: ScalekitClient;
  private readonly clients: OrganizationClientCalls;

  constructor(private readonly config: ScalekitConfig) {
    super();
    this.sdk = new ScalekitClient(config.environmentUrl, config.clientId, config.clientSecret, {
      timeoutMs: config.timeoutMs,
    });
    this.clients = organizationClientCalls(this.sdk);
  }

  authorizationUrl(request: AuthorizationRequest): string {
    return this.sdk.getAuthorizationUrl(request.redirectUri, {
      scopes: [...request.scopes],
      state: request.state,
      nonce: request.nonce,
      codeChallenge: request.codeChallenge,
      codeChallengeMethod: 'S256',
      loginHint: request.loginHint,
      organizationId: request.organizationId,
      connectionId: request.connectionId,
      domainHint: request.domainHint,
      provider: request.provider,
      prompt: request.prompt,
    });
  }

  async exchangeCode(code: string, redirectUri: string, codeVerifier: string): Promise<TokenSet> {
    const result = await this.call('exchangeCode', 'grant', () =>
      this.sdk.authenticateWithCode(code, redirectUri, { codeVerifier }),
    );
    // The SDK decodes id_token (a missing one throws, mapped to invalid_response) but does not
    // check access_token.
    if (typeof result.accessToken !== 'string' || result.accessToken === '')
      throw this.logged(
        'exchangeCode',
        new ScalekitInvalidResponseError('Scalekit sent a token response without access_token'),
      );
    return {
      accessToken: result.accessToken,
      refreshToken: result.refreshToken || undefined,
      idToken: result.idToken || undefined,
      expiresIn: result.expiresIn || secondsUntilExpiry(result.accessToken),
    };
  }

  async refresh(refreshToken: string): Promise<TokenSet> {
    const result = await this.call('refresh', 'grant', () =>
      postRefreshGrant(this.config, refreshToken),
    );
    // The lifetime is read from `exp`, as for every refresh; an ID token is not kept from refreshes.
    return {
      accessToken: result.accessToken,
      refreshToken: result.refreshToken,
      idToken: undefined,
      expiresIn: secondsUntilExpiry(result.accessToken),
    };
  }

  logoutUrl(request: LogoutRequest): string {
    return this.sdk.getLogoutUrl({
      idTokenHint: request.idTokenHint,
      postLogoutRedirectUri: request.postLogoutRedirectUri,
      state: request.state,
    });
  }

  async createClient(organizationId: string, input: ApiClientInput): Promise<CreatedApiClient> {
    const res = await this.call('createClient', 'management', () =>
      this.clients.create(organizationId, toClientMessage(input)),
    );
    return { client: toApiClient(res.client), plainSecret: res.plainSecret };
  }

  async listClients(organizationId: string, page: PageRequest): Promise<ApiClientPage> {
    const res = await this.call('listClients', 'management', () =>
      this.sdk.m2m.listOrganizationClients(organizationId, {
        pageSize: page.pageSize,
        pageToken: page.pageToken,
      }),
    );
    return {
      clients: res.clients.map((c) => toApiClient(c)),
      nextPageToken: res.nextPageToken || undefined,
      prevPageToken: res.prevPageToken || undefined,
      totalSize: res.totalSize,
    };
  }

  async getClient(organizationId: string, clientId: string): Promise<ApiClient> {
    const res = await this.call('getClient', 'management', () =>
      this.sdk.m2m.getOrganizationClient(organizationId, clientId),
    );
    return toApiClient(res.client);
  }

  async updateClient(
    organizationId: string,
    clientId: string,
    patch: ApiClientPatch,
  ): Promise<ApiClient> {
    const res = await this.call('updateClient', 'management', () =>
      this.clients.update(organizationId, clientId, toClientMessage(patch)),
    );
    return toApiClient(res.client);
  }

  async deleteClient(organizationId: string, clientId: string): Promise<void> {
    await this.call('deleteClient', 'management', () =>
      this.sdk.m2m.deleteOrganizationClient(organizationId, clientId),
    );
  }

  async addSecret(organizationId: string, clientId: string): Promise<CreatedApiClientSecret> {
    const res = await this.call('addSecret', 'management', () =>
      this.sdk.m2m.addOrganizationClientSecret(organizationId, clientId),
    );
    if (!res.secret) throw new ScalekitUnknownError('Scalekit answered without the secret');
    return { secret: toApiClientSecret(res.secret), plainSecret: res.plainSecret };
  }

  async removeSecret(organizationId: string, clientId: string, secretId: string): Promise<void> {
    await this.call('removeSecret', 'management', () =>
      this.sdk.m2m.removeOrganizationClientSecret(organizationId, clientId, secretId),
    );
  }

  async organizationName(organizationId: string): Promise<string> {
    const res = await this.call('getOrganization', 'management', () =>
      this.sdk.organization.getOrganization(organizationId),
    );
    const name = res.organization?.displayName;
    if (!name) throw new ScalekitInvalidResponseError('getOrganization: no display name');
    return name;
  }

  verifyWebhook(secret: string, headers: WebhookHeaders, body: string): boolean {
    try {
      const given = Object.fromEntries(
        Object.entries(headers).filter((e): e is [string, string] => typeof e[1] === 'string'),
      );
      return this.sdk.verifyWebhookPayload(secret, given, body);
    } catch (error: unknown) {
      // WebhookVerificationError: missing headers, stale timestamp, no matching signature.
      this.logger.debug(`webhook refused: ${error instanceof Error ? error.message : 'error'}`);
      return false;
    }
  }

  /** Runs one SDK call under the total deadline and translates its failure; logs the kind, never tokens. */
  private async call<T>(operation: string, kind: CallKind, run: () => Promise<T>): Promise<T> {
    try {
      return await withDeadline(run(), this.config.timeoutMs, this.config.environmentUrl);
    } catch (error: unknown) {
      throw this.logged(operation, toScalekitError(error, kind));
    }
  }

  private logged(operation: string, error: ScalekitError): ScalekitError {
    this.logger.debug(`${operation} failed: ${error.kind} (${error.message})`);
    return error;
  }
}

/**
 * Port input -> the `OrganizationClient` message; absent fields stay absent (no field mask is
 * sent, and Scalekit leaves fields without a value as they are).
 */
function toClientMessage(input: ApiClientPatch): OrganizationClientInit {
  return {
    ...(input.name !== undefined && { name: input.name }),
    ...(input.description !== undefined && { description: input.description }),
    ...(input.scopes !== undefined && { scopes: [...input.scopes] }),
    ...(input.audience !== undefined && { audience: [...input.audience] }),
    ...(input.customClaims !== undefined && {
      customClaims: Object.entries(input.customClaims).map(([key, value]) => ({ key, value })),
    }),
    ...(input.expirySeconds !== undefined && { expiry: BigInt(input.expirySeconds) }),
  };
}
