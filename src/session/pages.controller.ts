import {
  Controller,
  Get,
  Header,
  Inject,
  Req,
  Res,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Permissions, Principal, Public } from '@scalekit-nest/auth';
import { NoStoreInterceptor } from '../common';
import { SessionPageFilter } from './http/session-page.filter';
import { requireSession, viewerOf } from './http/viewer';
import { clearCookie, readCookie } from './http/cookies';
import { SessionCredentialSource } from './session-credential.source';
import { SESSION_SETTINGS } from './session.constants';
import type { SessionSettings } from './session.settings';
import { OrganizationNames } from '../scalekit/organization-names';
import { dashboardPage } from './views/dashboard.page';
import { homePage } from './views/home.page';
import { organizationSettingsPage } from './views/organization-settings.page';

/** The signed-in pages: home, dashboard, organization settings. */
@Controller()
@UseFilters(SessionPageFilter)
@UseInterceptors(NoStoreInterceptor)
export class PagesController {
  constructor(
    private readonly source: SessionCredentialSource,
    private readonly organizations: OrganizationNames,
    @Inject(SESSION_SETTINGS) private readonly settings: SessionSettings,
  ) {}

  @Public()
  @Get()
  async home(@Req() request: FastifyRequest, @Res() response: FastifyReply): Promise<void> {
    const principal = await this.source.authenticate(request);
    if (principal) return void response.redirect('/dashboard', 302);
    const { signedOut, secure } = this.settings.cookies;
    const justSignedOut = readCookie(request, signedOut) === '1';
    if (justSignedOut) clearCookie(response, signedOut, secure);
    response.type('text/html; charset=utf-8').send(homePage({ signedOut: justSignedOut }));
  }

  @Get('dashboard')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async dashboard(
    @Req() request: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<string> {
    const session = requireSession(request);
    const { user, tokens } = session.data;
    const organizationId = principal.organizationId ?? user.organizationId;
    return dashboardPage(
      {
        name: user.name,
        email: user.email,
        organizationId,
        organizationName: organizationId && (await this.organizations.nameOf(organizationId)),
        roles: [...principal.roles],
        permissions: [...principal.permissions],
        tokenExpiresAt: tokens.expiresAt,
      },
      viewerOf(session),
    );
  }

  @Get('organization/settings')
  @Permissions('organization:settings')
  @Header('Content-Type', 'text/html; charset=utf-8')
  organizationSettings(
    @Req() request: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): string {
    return organizationSettingsPage(principal.organizationId, viewerOf(requireSession(request)));
  }
}
