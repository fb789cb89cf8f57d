import { ConfigurableModuleBuilder, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './access.guard';
import type { AuthModuleOptions } from './auth-options';

/** Options of `forRoot`/`forRootAsync` that shape the module itself rather than verification. */
export interface AuthModuleExtras {
  /**
   * Registers {@link AccessGuard} as `APP_GUARD`, so every route of the app is protected unless
   * `@Public()`. `false`: nothing is protected until the app puts `@UseGuards(AccessGuard)` where
   * it wants it. Default `true`.
   */
  readonly global?: boolean;
  /**
   * Makes the module's providers ({@link TokenVerifier}, {@link CredentialSourceRegistry}...)
   * injectable everywhere without importing the module again. Default `true`.
   */
  readonly isGlobal?: boolean;
}

const GLOBAL_GUARD: Provider = { provide: APP_GUARD, useExisting: AccessGuard };

/** `AuthModule.forRoot(options)` / `forRootAsync({ useFactory, inject, global?, isGlobal? })`. */
export const {
  ConfigurableModuleClass: AuthConfigurableModule,
  MODULE_OPTIONS_TOKEN: AUTH_MODULE_OPTIONS,
  OPTIONS_TYPE: AUTH_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: AUTH_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<AuthModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras<AuthModuleExtras>({ global: true, isGlobal: true }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal !== false,
    providers: [
      ...(definition.providers ?? []),
      ...(extras.global === false ? [] : [GLOBAL_GUARD]),
    ],
  }))
  .build();
