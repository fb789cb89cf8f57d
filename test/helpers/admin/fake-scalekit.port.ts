import { randomBytes } from 'node:crypto';
import { ScalekitPort } from '../../../src/scalekit/scalekit.port';
import { ScalekitNotFoundError } from '../../../src/scalekit/scalekit.errors';
import type {
  ApiClient,
  ApiClientInput,
  ApiClientPage,
  ApiClientPatch,
  ApiClientSecret,
  CreatedApiClient,
  CreatedApiClientSecret,
  PageRequest,
  TokenSet,
} from '../../../src/scalekit/scalekit.types';

type Method =
  | 'createClient'
  | 'listClients'
  | 'getClient'
  | 'updateClient'
  | 'deleteClient'
  | 'addSecret'
  | 'removeSecret';

/**
 * In-memory stand-in of the port's API-client methods for admin tests: counts every call (to
 * prove a refused request touched nothing upstream), can delay calls (concurrency tests) and
 * can fail the next calls with a given port error. The login methods are not used by admin.
 */
export class FakeScalekitPort extends ScalekitPort {
  readonly calls: Method[] = [];
  /** Plain secrets handed out, so tests can search logs for them. */
  readonly issuedSecrets: string[] = [];
  delayMs = 0;
  failWith: Error | undefined;
  private readonly clients = new Map<string, ApiClient>();
  private counter = 1000;

  authorizationUrl(): string {
    throw new Error('not used by admin tests');
  }
  exchangeCode(): Promise<TokenSet> {
    throw new Error('not used by admin tests');
  }
  refresh(): Promise<TokenSet> {
    throw new Error('not used by admin tests');
  }
  logoutUrl(): string {
    throw new Error('not used by admin tests');
  }
  verifyWebhook(): boolean {
    throw new Error('not used by admin tests');
  }

  organizationName(): Promise<string> {
    return Promise.reject(new Error('not used by admin tests'));
  }

  async createClient(organizationId: string, input: ApiClientInput): Promise<CreatedApiClient> {
    await this.enter('createClient');
    const { secret, plainSecret } = this.newSecret();
    const client: ApiClient = {
      clientId: `m2morg_${++this.counter}`,
      organizationId,
      name: input.name,
      description: input.description ?? '',
      scopes: [...input.scopes],
      audience: [...(input.audience ?? [])],
      customClaims: { ...(input.customClaims ?? {}) },
      expirySeconds: input.expirySeconds ?? 3600,
      createdAt: new Date().toISOString(),
      updatedAt: undefined,
      secrets: [secret],
    };
    this.clients.set(this.key(organizationId, client.clientId), client);
    return { client, plainSecret };
  }

  async listClients(organizationId: string, page: PageRequest): Promise<ApiClientPage> {
    await this.enter('listClients');
    const all = [...this.clients.values()].filter((c) => c.organizationId === organizationId);
    const start = Number(page.pageToken ?? 0);
    const size = page.pageSize ?? 10;
    const next = start + size < all.length ? String(start + size) : undefined;
    return {
      clients: all.slice(start, start + size),
      nextPageToken: next,
      prevPageToken: undefined,
      totalSize: all.length,
    };
  }

  async getClient(organizationId: string, clientId: string): Promise<ApiClient> {
    await this.enter('getClient');
    return this.find(organizationId, clientId);
  }

  async updateClient(
    organizationId: string,
    clientId: string,
    patch: ApiClientPatch,
  ): Promise<ApiClient> {
    await this.enter('updateClient');
    const updated: ApiClient = {
      ...this.find(organizationId, clientId),
      ...patch,
      updatedAt: new Date().toISOString(),
    };
    this.clients.set(this.key(organizationId, clientId), updated);
    return updated;
  }

  async deleteClient(organizationId: string, clientId: string): Promise<void> {
    await this.enter('deleteClient');
    this.find(organizationId, clientId);
    this.clients.delete(this.key(organizationId, clientId));
  }

  async addSecret(organizationId: string, clientId: string): Promise<CreatedApiClientSecret> {
    await this.enter('addSecret');
    const client = this.find(organizationId, clientId);
    const created = this.newSecret();
    this.clients.set(this.key(organizationId, clientId), {
      ...client,
      secrets: [...client.secrets, created.secret],
    });
    return created;
  }

  async removeSecret(organizationId: string, clientId: string, secretId: string): Promise<void> {
    await this.enter('removeSecret');
    const client = this.find(organizationId, clientId);
    if (!client.secrets.some((s) => s.id === secretId))
      throw new ScalekitNotFoundError('secret not found');
    this.clients.set(this.key(organizationId, clientId), {
      ...client,
      secrets: client.secrets.filter((s) => s.id !== secretId),
    });
  }

  count(method: Method): number {
    return this.calls.filter((m) => m === method).length;
  }

  private async enter(method: Method): Promise<void> {
    this.calls.push(method);
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.failWith) throw this.failWith;
  }

  private newSecret(): { secret: ApiClientSecret; plainSecret: string } {
    const plainSecret = `plain-secret-${randomBytes(12).toString('hex')}`;
    this.issuedSecrets.push(plainSecret);
    const secret: ApiClientSecret = {
      id: `sks_${++this.counter}`,
      suffix: plainSecret.slice(-4),
      status: 'active',
      createdAt: new Date().toISOString(),
      updatedAt: undefined,
      lastUsedAt: undefined,
      expiresAt: undefined,
      createdBy: undefined,
    };
    return { secret, plainSecret };
  }

  private key(organizationId: string, clientId: string): string {
    return `${organizationId}/${clientId}`;
  }

  private find(organizationId: string, clientId: string): ApiClient {
    const client = this.clients.get(this.key(organizationId, clientId));
    if (!client) throw new ScalekitNotFoundError('client not found');
    return client;
  }
}
