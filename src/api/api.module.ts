import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config/app-config';
import { DeploymentsController } from './deployments.controller';
import { MeController } from './me.controller';
import { OrganizationSettingsController } from './organization-settings.controller';
import { readVersion, SERVICE_INFO, ServiceInfo } from './service-info';
import { StatusController } from './status.controller';

/** The example resources: each shows one way of protecting a route. */
@Module({
  controllers: [
    StatusController,
    DeploymentsController,
    OrganizationSettingsController,
    MeController,
  ],
  providers: [
    {
      provide: SERVICE_INFO,
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>): ServiceInfo =>
        Object.freeze({
          service: config.get('server', { infer: true }).serviceName,
          version: readVersion(),
        }),
    },
  ],
})
export class ApiModule {}
