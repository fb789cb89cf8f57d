import { DynamicModule, Module } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { AdminModule } from './admin/admin.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { ApiModule } from './api/api.module';
import { AuthModule } from '@scalekit-nest/auth';
import { CommonModule } from './common/common.module';
import type { AppConfig } from './config/app-config';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { ScalekitModule } from './scalekit/scalekit.module';
import { SessionModule } from './session/session.module';

/**
 * The application. It takes an already validated {@link AppConfig} rather than reading
 * process.env itself, so tests can boot the real app with their own configuration in-process.
 */
@Module({})
export class AppModule {
  /** `options.logDestination`: where log lines go (standard output unless a test captures them). */
  static forRoot(
    config: AppConfig,
    options: { logDestination?: DestinationStream } = {},
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          ignoreEnvVars: true,
          load: [() => ({ ...config })],
        }),
        // First: Nest tries global filters in reverse order of registration, so the catch-all
        // must be registered before any feature's type-specific filter.
        CommonModule,
        LoggingModule.forRoot(options.logDestination),
        AuthModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (settings: ConfigService<AppConfig, true>) =>
            settings.get('auth', { infer: true }),
        }),
        HealthModule,
        ApiModule,
        ScalekitModule,
        SessionModule,
        AdminModule,
        // Scalekit's webhooks become application events: `@OnScalekitEvent('organization.created')`.
        EventEmitterModule.forRoot({ wildcard: true, delimiter: '.' }),
        WebhooksModule,
      ],
    };
  }
}
