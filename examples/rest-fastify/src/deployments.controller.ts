import { Body, Controller, Get, Post } from '@nestjs/common';
import { CurrentPrincipal, Principal, Public, Scopes } from '@scalekit-nest/auth';

/** Every route here needs a valid token (the guard is global); some need a scope too. */
@Controller('deployments')
export class DeploymentsController {
  @Scopes('read:deployments')
  @Get()
  list(@CurrentPrincipal() principal: Principal): {
    organization: string | undefined;
    items: string[];
  } {
    return { organization: principal.organizationId, items: ['api-2026-12-01'] };
  }

  @Scopes('deploy:applications')
  @Post()
  deploy(@Body() body: { version?: unknown }): { deployed: string } {
    return { deployed: typeof body?.version === 'string' ? body.version : 'latest' };
  }
}

@Controller()
export class StatusController {
  @Public()
  @Get('status')
  status(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
