import { Controller, Get } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@scalekit-nest/auth';

/** Who the caller is, for any authenticated principal (no scope or permission needed). */
@Controller('api/me')
export class MeController {
  @Get()
  me(@CurrentPrincipal() principal: Principal) {
    return {
      kind: principal.kind,
      via: principal.via,
      subject: principal.subject,
      organizationId: principal.organizationId ?? null,
      clientId: principal.clientId ?? null,
      scopes: [...principal.scopes],
      permissions: [...principal.permissions],
      roles: [...principal.roles],
      expiresAt: principal.expiresAt,
    };
  }
}
