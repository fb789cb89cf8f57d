import { Controller, Get } from '@nestjs/common';
import { CurrentPrincipal, Permissions, Principal } from '@scalekit-nest/auth';

/** Example resource guarded by a Scalekit permission (what an admin user's token carries). */
@Controller('api/organization/settings')
export class OrganizationSettingsController {
  @Permissions('organization:settings')
  @Get()
  settings(@CurrentPrincipal() principal: Principal) {
    return { organizationId: principal.organizationId ?? null, settings: { mfaRequired: true } };
  }
}
