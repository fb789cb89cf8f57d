import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import type { Principal } from '@scalekit-nest/auth';
import { ScalekitPort } from '../scalekit/scalekit.port';
import type { ApiClientInput, ApiClientPatch } from '../scalekit/scalekit.types';
import { ScopeGrantPolicy } from './access/scope-grant.policy';
import type { CreateClientDto } from './dto/create-client.dto';
import type { ListClientsQuery } from './dto/list-clients.query';
import type { UpdateClientDto } from './dto/update-client.dto';
import { AdminHttpError } from './errors/admin-http.error';
import { toAdminHttpError } from './errors/upstream-error.mapper';
import { IdempotencyService, IdempotentResult } from './idempotency/idempotency.service';
import {
  presentClient,
  presentCreatedClient,
  presentCreatedSecret,
  presentPage,
} from './presenters/client.presenter';
import type {
  ClientPageView,
  ClientView,
  CreatedClientView,
  CreatedSecretView,
} from './presenters/client.response';
import { ClientSecretsLock } from './secrets/client-secrets.lock';

/** The caller's Idempotency-Key, if it sent one. */
export type IdempotencyKey = string | undefined;

/** The request's fields under the port's names. */
function toPortFields(dto: CreateClientDto | UpdateClientDto): ApiClientPatch {
  const fields: { -readonly [K in keyof ApiClientInput]?: ApiClientInput[K] } = {};
  if (dto.name !== undefined) fields.name = dto.name;
  if (dto.description !== undefined) fields.description = dto.description;
  if (dto.scopes !== undefined) fields.scopes = dto.scopes;
  if (dto.audience !== undefined) fields.audience = dto.audience;
  if (dto.customClaims !== undefined) fields.customClaims = dto.customClaims;
  if (dto.expiry !== undefined) fields.expirySeconds = dto.expiry;
  return fields;
}

/**
 * The admin API's use cases over the Scalekit port: every upstream failure is mapped to a clear
 * status here, the scopes a caller gives a client are checked before anything is sent, the two
 * creating operations run through the idempotency layer, and secret removals one at a time per client.
 */
@Injectable()
export class AdminClientsService {
  private readonly logger = new Logger(AdminClientsService.name);

  // When no Scalekit is configured, ScalekitModule provides a port whose every call throws
  // ScalekitNotConfiguredError, mapped to 503 below.
  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly scalekit: ScalekitPort,
    private readonly grants: ScopeGrantPolicy,
    private readonly secretsLock: ClientSecretsLock,
  ) {}

  async create(
    actor: Principal,
    organizationId: string,
    dto: CreateClientDto,
    key: IdempotencyKey,
  ): Promise<IdempotentResult<CreatedClientView>> {
    this.grants.check(actor, dto.scopes);
    const run = async (): Promise<CreatedClientView> => {
      const input: ApiClientInput = { ...toPortFields(dto), name: dto.name, scopes: dto.scopes };
      return presentCreatedClient(
        await this.upstream('createClient', () =>
          this.scalekit.createClient(organizationId, input),
        ),
      );
    };
    return this.once(actor, organizationId, key, 'POST clients', dto, run);
  }

  async list(organizationId: string, query: ListClientsQuery): Promise<ClientPageView> {
    const page = await this.upstream('listClients', () =>
      this.scalekit.listClients(organizationId, query),
    );
    return presentPage(page);
  }

  async get(organizationId: string, clientId: string): Promise<ClientView> {
    return presentClient(
      await this.upstream('getClient', () => this.scalekit.getClient(organizationId, clientId)),
    );
  }

  async update(
    actor: Principal,
    organizationId: string,
    clientId: string,
    dto: UpdateClientDto,
  ): Promise<ClientView> {
    if (dto.scopes !== undefined) this.grants.check(actor, dto.scopes);
    const patch = toPortFields(dto);
    return presentClient(
      await this.upstream('updateClient', () =>
        this.scalekit.updateClient(organizationId, clientId, patch),
      ),
    );
  }

  async delete(organizationId: string, clientId: string): Promise<void> {
    await this.upstream('deleteClient', () => this.scalekit.deleteClient(organizationId, clientId));
  }

  async addSecret(
    actor: Principal,
    organizationId: string,
    clientId: string,
    key: IdempotencyKey,
  ): Promise<IdempotentResult<CreatedSecretView>> {
    const run = async (): Promise<CreatedSecretView> =>
      presentCreatedSecret(
        await this.upstream('addSecret', () => this.scalekit.addSecret(organizationId, clientId)),
      );
    return this.once(actor, organizationId, key, `POST clients/${clientId}/secrets`, {}, run);
  }

  /**
   * Removes a secret. Removing the client's last active secret cuts it off from new tokens, so
   * that needs `force`; the client is read first to know (and to answer 404 for a secret that is
   * not this client's before anything is removed). Read, check and removal happen under the
   * client's secrets lock, so two removals cannot both count the other's secret as still there.
   */
  removeSecret(
    organizationId: string,
    clientId: string,
    secretId: string,
    force: boolean,
  ): Promise<void> {
    return this.secretsLock.run(organizationId, clientId, () =>
      this.removeSecretLocked(organizationId, clientId, secretId, force),
    );
  }

  private async removeSecretLocked(
    organizationId: string,
    clientId: string,
    secretId: string,
    force: boolean,
  ): Promise<void> {
    const client = await this.upstream('getClient', () =>
      this.scalekit.getClient(organizationId, clientId),
    );
    const secret = client.secrets.find((s) => s.id === secretId);
    if (!secret)
      throw new AdminHttpError(
        HttpStatus.NOT_FOUND,
        'secret_not_found',
        'This client has no secret with that id',
      );
    const active = client.secrets.filter((s) => s.status === 'active');
    if (!force && secret.status === 'active' && active.length === 1) {
      throw new AdminHttpError(
        HttpStatus.CONFLICT,
        'last_active_secret',
        'This is the last active secret of the client; removing it stops the client from getting tokens. Repeat with ?force=true to remove it anyway.',
      );
    }
    await this.upstream('removeSecret', () =>
      this.scalekit.removeSecret(organizationId, clientId, secretId),
    );
  }

  private async once<T>(
    actor: Principal,
    organizationId: string,
    key: IdempotencyKey,
    operation: string,
    body: unknown,
    run: () => Promise<T>,
  ): Promise<IdempotentResult<T>> {
    if (key === undefined) return { value: await run(), replayed: false };
    // Keys are scoped to who asks and for which organization: another caller reusing the same
    // key value neither sees this response nor collides with it.
    const scope = `${actor.kind}:${actor.subject}|${organizationId}`;
    return this.idempotency.run({ scope, key, operation, body }, run);
  }

  private async upstream<T>(operation: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error: unknown) {
      throw toAdminHttpError(error, this.logger, operation);
    }
  }
}
