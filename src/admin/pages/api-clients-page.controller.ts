import {
  BadRequestException,
  Controller,
  ForbiddenException,
  Get,
  Header,
  Inject,
  Query,
  Req,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { FastifyRequest } from 'fastify';
import type { AppConfig } from '../../config/app-config';
import { CurrentPrincipal, Permissions, Principal } from '@scalekit-nest/auth';
import { NoStoreInterceptor } from '../../common';
import { SessionPageFilter } from '../../session/http/session-page.filter';
import { requireSession, viewerOf } from '../../session/http/viewer';
import { AdminClientsService } from '../admin-clients.service';
import { apiClientsPage } from './api-clients.page';

/** A page token as Scalekit hands them out; anything else is not one of ours. */
const PAGE_TOKEN = /^[A-Za-z0-9_=-]{1,512}$/;
const PAGE_SIZE = 20;

/**
 * The API-clients console for the organization's admins, on the REST API's rules: the same
 * permission (`api_clients:read`), always the signed-in user's own organization, the same
 * service (and so the same upstream error mapping).
 */
@Controller('organization/api-clients')
@UseFilters(SessionPageFilter)
@UseInterceptors(NoStoreInterceptor)
export class ApiClientsPageController {
  /** Where the "Try it" snippet gets a token: the Scalekit environment's token endpoint. */
  private readonly tokenUrl: string;

  constructor(
    private readonly clients: AdminClientsService,
    @Inject(ConfigService) config: ConfigService<AppConfig, true>,
  ) {
    this.tokenUrl = `${config.get('scalekit', { infer: true })?.environmentUrl ?? ''}/oauth/token`;
  }

  @Get()
  @Permissions('api_clients:read')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async list(
    @Req() request: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
    @Query('pageToken') pageToken: unknown,
  ): Promise<string> {
    const session = requireSession(request);
    const organizationId = principal.organizationId;
    if (!organizationId) throw new ForbiddenException('You are not signed in to an organization.');
    if (pageToken !== undefined && (typeof pageToken !== 'string' || !PAGE_TOKEN.test(pageToken)))
      throw new BadRequestException('This page link is not valid.');
    const page = await this.clients.list(organizationId, { pageSize: PAGE_SIZE, pageToken });
    return apiClientsPage(page, viewerOf(session), this.tokenUrl);
  }
}
