import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config/app-config';
import { ScalekitNotConfiguredPort } from './scalekit-not-configured.port';
import { ScalekitSdkService } from './scalekit-sdk.service';
import { ScalekitPort } from './scalekit.port';
import { OrganizationNames } from './organization-names';

/**
 * Provides {@link ScalekitPort} to the whole app: the SDK-backed implementation when Scalekit is
 * configured, otherwise one whose every call fails with `ScalekitNotConfiguredError` (503);
 * and the cached organization names pages show.
 */
@Global()
@Module({
  providers: [
    {
      provide: ScalekitPort,
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>): ScalekitPort => {
        const scalekit = config.get('scalekit', { infer: true });
        return scalekit ? new ScalekitSdkService(scalekit) : new ScalekitNotConfiguredPort();
      },
    },
    OrganizationNames,
  ],
  exports: [ScalekitPort, OrganizationNames],
})
export class ScalekitModule {}
