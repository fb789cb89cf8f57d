import {
  Inject,
  MiddlewareConsumer,
  Module,
  NestModule,
  OnApplicationShutdown,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import { OrganizationAccessGuard } from './access/organization-access.guard';
import { AdminClientsController } from './admin-clients.controller';
import { AdminClientsService } from './admin-clients.service';
import { ADMIN_REDIS, adminProviders } from './admin.providers';
import { AuditInterceptor } from './audit/audit.interceptor';
import { AuditLogger, PinoAuditLogger } from './audit/audit.logger';
import { AuditTrail } from './audit/audit-trail';
import { AdminHttpMiddleware } from './http/admin-http.middleware';
import { SchemaValidationPipe } from './http/schema-validation.pipe';

/**
 * Admin REST API for organizations' API clients, under `/api/admin/organizations/:organizationId/clients`.
 * Needs the global AuthModule (principal) and ScalekitModule (port).
 */
@Module({
  controllers: [AdminClientsController],
  providers: [
    ...adminProviders,
    AdminClientsService,
    AuditTrail,
    AuditInterceptor,
    OrganizationAccessGuard,
    SchemaValidationPipe,
  ],
  exports: [AuditLogger],
})
export class AdminModule implements NestModule, OnApplicationShutdown {
  constructor(
    @Inject(ADMIN_REDIS) private readonly redis: Redis | null,
    private readonly audit: AuditLogger,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(AdminHttpMiddleware).forRoutes(AdminClientsController);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.audit instanceof PinoAuditLogger) this.audit.flush();
    if (!this.redis) return;
    // quit() waits for pending replies; with Redis gone it would only wait for a timeout.
    if (this.redis.status === 'ready')
      await this.redis.quit().catch(() => this.redis?.disconnect());
    else this.redis.disconnect();
  }
}
