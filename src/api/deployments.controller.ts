import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CurrentPrincipal, Principal, Scopes } from '@scalekit-nest/auth';

/** Example resource guarded by OAuth scopes (what an API client's token carries). */
@Controller('api/deployments')
export class DeploymentsController {
  @Scopes('read:deployments')
  @Get()
  list(@CurrentPrincipal() principal: Principal): {
    organizationId: string | null;
    deployments: [];
  } {
    return { organizationId: principal.organizationId ?? null, deployments: [] };
  }

  @Scopes('deploy:applications')
  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  deploy(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    const application = (body as { application?: unknown } | undefined)?.application;
    return {
      id: randomUUID(),
      status: 'queued',
      application: typeof application === 'string' ? application : null,
      requestedBy: principal.subject,
    };
  }
}
