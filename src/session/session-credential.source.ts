import { Inject, Injectable, Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AuthError, CredentialSource, Principal } from '@scalekit-nest/auth';
import { isUnsafeMethod, verifyCsrf } from './csrf';
import { readCookie } from './http/cookies';
import { bindSession } from './request-session';
import { SESSION_SETTINGS } from './session.constants';
import { SessionPrincipalFactory } from './session-principal.factory';
import type { Session } from './session-record';
import { SessionService } from './session.service';
import type { SessionSettings } from './session.settings';
import { TokenRefresher } from './token-refresher';

/**
 * The browser session as a credential of the global guard (registered with the AuthModule's
 * CredentialSourceRegistry). A request with a live session cookie yields the same Principal a
 * bearer token would (`via: 'session'`), so `@Permissions()`/`@Scopes()` work unchanged; unsafe
 * methods must also pass the CSRF checks, so every route (the admin API included) is protected
 * for browsers without doing anything itself.
 */
@Injectable()
export class SessionCredentialSource implements CredentialSource {
  private readonly logger = new Logger(SessionCredentialSource.name);

  constructor(
    private readonly sessions: SessionService,
    private readonly refresher: TokenRefresher,
    private readonly principals: SessionPrincipalFactory,
    @Inject(SESSION_SETTINGS) private readonly settings: SessionSettings,
  ) {}

  async authenticate(request: FastifyRequest): Promise<Principal | null> {
    const id = readCookie(request, this.settings.cookies.session);
    if (id === undefined) return null;
    const loaded = await this.sessions.load(id);
    if (!loaded) return null;
    // Before any refresh: a forged request must not even cause a token refresh.
    if (isUnsafeMethod(request.method))
      verifyCsrf(request, loaded.data.csrfToken, this.settings.publicOrigin);
    const session = await this.refresher.ensureFresh(loaded);
    if (!session) return null;
    const principal = await this.principalOf(session);
    if (!principal) return null;
    await this.sessions.touch(session);
    bindSession(request, session);
    return principal;
  }

  /** A token the resource server now refuses (removed key, say) ends the session; 503s pass through. */
  private async principalOf(session: Session): Promise<Principal | null> {
    try {
      return await this.principals.fromTokens(session.data.tokens);
    } catch (error: unknown) {
      if (!(error instanceof AuthError) || error.getStatus() !== 401) throw error;
      this.logger.debug(`Session ended: access token refused (${error.reason ?? error.code})`);
      await this.sessions.destroy(session);
      return null;
    }
  }
}
