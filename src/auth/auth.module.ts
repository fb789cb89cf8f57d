import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './access.guard';
import { AUTH_SETTINGS } from './auth.constants';
import { AUTH_MODULE_OPTIONS, AuthConfigurableModule } from './auth.module-definition';
import { AuthModuleOptions, resolveAuthSettings } from './auth-options';
import { CredentialSourceRegistry } from './credential-source.registry';
import { ScalekitJwtStrategy } from './jwt.strategy';
import { JwksKeySet } from './keys/jwks-key-set';
import { RequestAuthenticator } from './request-authenticator';
import { TokenVerifier } from './token/token-verifier';

/**
 * Bearer-token protection for every route of the app: registers the global {@link AccessGuard}
 * and provides {@link TokenVerifier}, {@link CredentialSourceRegistry} and {@link JwksKeySet}.
 *
 * @example
 * ```ts
 * AuthModule.forRootAsync({
 *   inject: [ConfigService],
 *   useFactory: (config: ConfigService<AppConfig, true>) => config.get('auth', { infer: true }),
 * })
 * ```
 */
@Module({
  providers: [
    {
      provide: AUTH_SETTINGS,
      inject: [AUTH_MODULE_OPTIONS],
      useFactory: (options: AuthModuleOptions) => resolveAuthSettings(options),
    },
    JwksKeySet,
    TokenVerifier,
    CredentialSourceRegistry,
    RequestAuthenticator,
    ScalekitJwtStrategy,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [
    JwksKeySet,
    TokenVerifier,
    CredentialSourceRegistry,
    RequestAuthenticator,
    ScalekitJwtStrategy,
  ],
})
export class AuthModule extends AuthConfigurableModule {}
