import { Module, OnApplicationShutdown } from '@nestjs/common';
import { LocksModule } from '../locks/locks.module';
import { RedisModule } from '../redis/redis.module';
import { OrganizationAccessGuard } from './access/organization-access.guard';
import { AdminClientsController } from './admin-clients.controller';
import { AdminClientsService } from './admin-clients.service';
import { adminProviders } from './admin.providers';
import { AuditInterceptor } from './audit/audit.interceptor';
import { AuditLogger, PinoAuditLogger } from './audit/audit.logger';
import { AuditTrail } from './audit/audit-trail';
import { AdminBodyGuard } from './http/admin-body.guard';
import { SchemaValidationPipe } from './http/schema-validation.pipe';
import { ApiClientChangesController } from './pages/api-client-changes.controller';
import { ApiClientsPageController } from './pages/api-clients-page.controller';
import { ConsoleContext } from './pages/console-context';
import { ConsoleScriptController } from './pages/console-script.controller';
import { SessionModule } from '../session/session.module';

/**
 * Admin REST API for organizations' API clients, under `/api/admin/organizations/:organizationId/clients`.
 * Needs the global AuthModule (principal) and ScalekitModule (port).
 */
@Module({
  imports: [RedisModule, LocksModule, SessionModule],
  controllers: [
    AdminClientsController,
    ApiClientsPageController,
    ApiClientChangesController,
    ConsoleScriptController,
  ],
  providers: [
    ...adminProviders,
    AdminClientsService,
    ConsoleContext,
    AuditTrail,
    AuditInterceptor,
    AdminBodyGuard,
    OrganizationAccessGuard,
    SchemaValidationPipe,
  ],
  exports: [AuditLogger],
})
export class AdminModule implements OnApplicationShutdown {
  constructor(private readonly audit: AuditLogger) {}

  onApplicationShutdown(): void {
    if (this.audit instanceof PinoAuditLogger) this.audit.flush();
  }
}
