import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Principal } from '@scalekit-nest/auth';
import type { AppConfig } from '../../config/app-config';

/** What every console page needs besides the service: whose organization, and the token URL. */
@Injectable()
export class ConsoleContext {
  /** Where the "Try it" snippet gets a token: the Scalekit environment's token endpoint. */
  readonly tokenUrl: string;

  constructor(@Inject(ConfigService) config: ConfigService<AppConfig, true>) {
    this.tokenUrl = `${config.get('scalekit', { infer: true })?.environmentUrl ?? ''}/oauth/token`;
  }

  /**
   * The console only ever shows the signed-in user's own organization: there is no organization
   * in its paths to tamper with (the REST API's tenant check, by construction).
   */
  organizationOf(principal: Principal): string {
    const organizationId = principal.organizationId;
    if (!organizationId) throw new ForbiddenException('You are not signed in to an organization.');
    return organizationId;
  }
}
