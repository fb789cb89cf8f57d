import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
  UseInterceptors,
  UsePipes,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Principal } from '@scalekit-nest/auth';
import { NoStoreInterceptor } from '../common';
import { OrganizationAccess } from './access/organization-access.decorator';
import { OrganizationAccessGuard } from './access/organization-access.guard';
import { ClientIdSchema, OrganizationIdSchema, SecretIdSchema } from './admin-ids';
import { ADMIN_CLIENTS_PATH } from './admin.constants';
import { AdminClientsService } from './admin-clients.service';
import {
  DocAddSecret,
  DocCreateClient,
  DocDeleteClient,
  DocGetClient,
  DocListClients,
  DocRemoveSecret,
  DocUpdateClient,
} from './admin-clients.docs';
import { AuditInterceptor } from './audit/audit.interceptor';
import { Audited } from './audit/audited.decorator';
import { AddSecretSchema } from './dto/add-secret.dto';
import { CreateClientDto, CreateClientSchema } from './dto/create-client.dto';
import { ListClientsQuery, ListClientsQuerySchema } from './dto/list-clients.query';
import { RemoveSecretQuery, RemoveSecretQuerySchema } from './dto/remove-secret.query';
import { UpdateClientDto, UpdateClientSchema } from './dto/update-client.dto';
import { AdminBodyGuard } from './http/admin-body.guard';
import { readIdempotencyKey } from './http/idempotency-key';
import { SchemaValidationPipe } from './http/schema-validation.pipe';
import { IDEMPOTENT_REPLAY_HEADER } from './idempotency/idempotency.constants';
import type { IdempotentResult } from './idempotency/idempotency.service';
import type {
  ClientPageView,
  ClientView,
  CreatedClientView,
  CreatedSecretView,
} from './presenters/client.response';

const Org = (): ParameterDecorator => Param('organizationId', { schema: OrganizationIdSchema });
const ClientId = (): ParameterDecorator => Param('clientId', { schema: ClientIdSchema });

/** Marks a replayed idempotent answer; returns the body either way. */
function reply<T>(response: FastifyReply, result: IdempotentResult<T>): T {
  if (result.replayed) response.header(IDEMPOTENT_REPLAY_HEADER, 'true');
  return result.value;
}

/**
 * Admin REST API for an organization's API clients (M2M credentials). The global guard
 * authenticates; {@link OrganizationAccessGuard} checks permission/scope and tenant; the pipe
 * validates path ids, query and body before any upstream call; the interceptor audits changes.
 */
@ApiTags('Admin: API clients')
@Controller(ADMIN_CLIENTS_PATH)
@UseGuards(AdminBodyGuard, OrganizationAccessGuard)
@UseInterceptors(NoStoreInterceptor, AuditInterceptor)
@UsePipes(SchemaValidationPipe)
export class AdminClientsController {
  constructor(private readonly clients: AdminClientsService) {}

  @Post()
  @OrganizationAccess('write')
  @Audited('api_client.create')
  @DocCreateClient()
  async create(
    @CurrentPrincipal() principal: Principal,
    @Org() organizationId: string,
    @Body({ schema: CreateClientSchema }) body: CreateClientDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<CreatedClientView> {
    const result = await this.clients.create(
      principal,
      organizationId,
      body,
      readIdempotencyKey(request),
    );
    response.header(
      'location',
      `/api/admin/organizations/${organizationId}/clients/${result.value.client.clientId}`,
    );
    return reply(response, result);
  }

  @Get()
  @OrganizationAccess('read')
  @DocListClients()
  list(
    @Org() organizationId: string,
    @Query({ schema: ListClientsQuerySchema }) query: ListClientsQuery,
  ): Promise<ClientPageView> {
    return this.clients.list(organizationId, query);
  }

  @Get(':clientId')
  @OrganizationAccess('read')
  @DocGetClient()
  get(@Org() organizationId: string, @ClientId() clientId: string): Promise<ClientView> {
    return this.clients.get(organizationId, clientId);
  }

  @Patch(':clientId')
  @OrganizationAccess('write')
  @Audited('api_client.update')
  @DocUpdateClient()
  update(
    @CurrentPrincipal() principal: Principal,
    @Org() organizationId: string,
    @ClientId() clientId: string,
    @Body({ schema: UpdateClientSchema }) body: UpdateClientDto,
  ): Promise<ClientView> {
    return this.clients.update(principal, organizationId, clientId, body);
  }

  @Delete(':clientId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @OrganizationAccess('write')
  @Audited('api_client.delete')
  @DocDeleteClient()
  delete(@Org() organizationId: string, @ClientId() clientId: string): Promise<void> {
    return this.clients.delete(organizationId, clientId);
  }

  @Post(':clientId/secrets')
  @OrganizationAccess('write')
  @Audited('api_client.secret.add')
  @DocAddSecret()
  async addSecret(
    @CurrentPrincipal() principal: Principal,
    @Org() organizationId: string,
    @ClientId() clientId: string,
    @Body({ schema: AddSecretSchema }) _body: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<CreatedSecretView> {
    return reply(
      response,
      await this.clients.addSecret(
        principal,
        organizationId,
        clientId,
        readIdempotencyKey(request),
      ),
    );
  }

  @Delete(':clientId/secrets/:secretId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @OrganizationAccess('write')
  @Audited('api_client.secret.remove')
  @DocRemoveSecret()
  removeSecret(
    @Org() organizationId: string,
    @ClientId() clientId: string,
    @Param('secretId', { schema: SecretIdSchema }) secretId: string,
    @Query({ schema: RemoveSecretQuerySchema }) query: RemoveSecretQuery,
  ): Promise<void> {
    return this.clients.removeSecret(organizationId, clientId, secretId, query.force ?? false);
  }
}
