import { APP_FILTER } from '@nestjs/core';
import { Inject, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { CredentialSourceRegistry } from '@scalekit-nest/auth';
import { LocksModule } from '../locks/locks.module';
import { RedisModule } from '../redis/redis.module';
import { IdTokenVerifier } from './login/id-token.verifier';
import { IdpInitiatedLoginVerifier } from './login/idp-initiated-login.verifier';
import { LogoutTokenVerifier } from './login/logout-token.verifier';
import { BackchannelLogoutController } from './backchannel-logout.controller';
import { RefusalPageFilter } from './http/refusal-page.filter';
import { LoginFlow } from './login/login-flow.service';
import { LoginController } from './login.controller';
import { PagesController } from './pages.controller';
import { SessionController } from './session.controller';
import { SESSION_SETTINGS } from './session.constants';
import { SessionCredentialSource } from './session-credential.source';
import { SessionPrincipalFactory } from './session-principal.factory';
import { sessionProviders } from './session.providers';
import { SessionService } from './session.service';
import type { SessionSettings } from './session.settings';
import { SessionStore } from './store/session-store';
import { TokenRefresher } from './token-refresher';

/**
 * Browser sign-in with server-side sessions: the login routes and pages, the session store
 * (files under ./data, or Redis with REDIS_URL), token refresh, and the session as a credential
 * source of the AuthModule's global guard (with CSRF checks on unsafe methods).
 */
@Module({
  imports: [RedisModule, LocksModule],
  controllers: [LoginController, PagesController, SessionController, BackchannelLogoutController],
  providers: [
    // Browsers get a page for an unknown path; everyone else the JSON 404.
    { provide: APP_FILTER, useClass: RefusalPageFilter },
    ...sessionProviders,
    ThrottlerGuard,
    SessionService,
    SessionPrincipalFactory,
    TokenRefresher,
    SessionCredentialSource,
    IdTokenVerifier,
    IdpInitiatedLoginVerifier,
    LogoutTokenVerifier,
    LoginFlow,
  ],
  exports: [SessionService, TokenRefresher, SessionStore, SESSION_SETTINGS],
})
export class SessionModule implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SessionModule.name);

  constructor(
    private readonly registry: CredentialSourceRegistry,
    private readonly source: SessionCredentialSource,
    private readonly store: SessionStore,
    @Inject(SESSION_SETTINGS) private readonly settings: SessionSettings,
  ) {}

  onModuleInit(): void {
    this.registry.register(this.source);
    if (this.settings.cookies.secure && !this.settings.publicOrigin.startsWith('https:')) {
      this.logger.warn(
        'Session cookies are Secure but PUBLIC_BASE_URL is not https: browsers will not send them back',
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
