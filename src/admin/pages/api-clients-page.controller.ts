import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  Controller,
  Get,
  Header,
  Param,
  Query,
  Req,
  UseFilters,
  UseInterceptors,
  UsePipes,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { CurrentPrincipal, Permissions, Principal } from '@scalekit-nest/auth';
import { NoStoreInterceptor } from '../../common';
import { SessionPageFilter } from '../../session/http/session-page.filter';
import { requireSession, viewerOf } from '../../session/http/viewer';
import { OrganizationNames } from '../../scalekit/organization-names';
import { ClientIdSchema } from '../admin-ids';
import { AdminClientsService } from '../admin-clients.service';
import { SchemaValidationPipe } from '../http/schema-validation.pipe';
import { apiClientPage } from './api-client.page';
import { apiClientsPage } from './api-clients.page';
import { ConsoleContext } from './console-context';
import { noticeOf } from './console-parts';

/** A page token as Scalekit hands them out; anything else is not one of ours. */
const PAGE_TOKEN = /^[A-Za-z0-9_=-]{1,512}$/;
const PAGE_SIZE = 20;

/**
 * The API-clients console's read side, on the REST API's rules: the same permission
 * (`api_clients:read`), always the signed-in user's own organization, the same service (and so
 * the same upstream error mapping).
 */
@Controller('organization/api-clients')
@UseFilters(SessionPageFilter)
@UseInterceptors(NoStoreInterceptor)
@UsePipes(SchemaValidationPipe)
export class ApiClientsPageController {
  constructor(
    private readonly clients: AdminClientsService,
    private readonly console: ConsoleContext,
    private readonly organizations: OrganizationNames,
  ) {}

  @Get()
  @Permissions('api_clients:read')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async list(
    @Req() request: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
    @Query('pageToken') pageToken: unknown,
    @Query('notice') notice: unknown,
  ): Promise<string> {
    const session = requireSession(request);
    const organizationId = this.console.organizationOf(principal);
    if (pageToken !== undefined && (typeof pageToken !== 'string' || !PAGE_TOKEN.test(pageToken)))
      throw new BadRequestException('This page link is not valid.');
    const [page, name] = await Promise.all([
      this.clients.list(organizationId, { pageSize: PAGE_SIZE, pageToken }),
      this.organizations.nameOf(organizationId),
    ]);
    return apiClientsPage(page, viewerOf(session), this.console.tokenUrl, noticeOf(notice), name);
  }

  @Get(':clientId')
  @Permissions('api_clients:read')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async show(
    @Req() request: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
    @Param('clientId', { schema: ClientIdSchema }) clientId: string,
    @Query('notice') notice: unknown,
  ): Promise<string> {
    const session = requireSession(request);
    const client = await this.clients.get(this.console.organizationOf(principal), clientId);
    return apiClientPage(client, viewerOf(session), this.console.tokenUrl, {
      notice: noticeOf(notice),
      formKey: randomUUID(),
    });
  }
}
