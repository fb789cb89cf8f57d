import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AccessGuard } from './access.guard';
import { AUTH_SETTINGS } from './auth.constants';
import { AUTH_MODULE_OPTIONS, AuthConfigurableModule } from './auth.module-definition';
import { AuthModuleOptions, resolveAuthSettings } from './auth-options';
import { GraphqlRefusalFilter } from './contexts/graphql-refusal.filter';
import { CredentialSourceRegistry } from './credential-source.registry';
import { IssuerKeySets } from './keys/issuer-key-sets';
import { JwksKeySet } from './keys/jwks-key-set';
import { RequestAuthenticator } from './request-authenticator';
import { TokenVerifier } from './token/token-verifier';

/** What the module provides and lets the app inject. */
const SERVICES = [
  JwksKeySet,
  IssuerKeySets,
  TokenVerifier,
  CredentialSourceRegistry,
  RequestAuthenticator,
  AccessGuard,
];

/**
 * Bearer-token protection by decorator: registers {@link AccessGuard} (as `APP_GUARD` unless
 * `global: false`) and provides {@link TokenVerifier}, {@link CredentialSourceRegistry} and
 * {@link JwksKeySet}. Options are checked when the module starts: a bad one fails the boot.
 *
 * @example
 * ```ts
 * AuthModule.forRoot({ issuer: 'https://acme.scalekit.com', audiences: ['https://api.acme.com'] })
 *
 * AuthModule.forRootAsync({
 *   inject: [ConfigService],
 *   useFactory: (config: ConfigService) => config.getOrThrow('auth'),
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
    ...SERVICES,
    { provide: APP_FILTER, useClass: GraphqlRefusalFilter },
  ],
  exports: [AUTH_SETTINGS, ...SERVICES],
})
export class AuthModule extends AuthConfigurableModule {}
