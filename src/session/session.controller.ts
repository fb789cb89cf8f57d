import {
  Controller,
  Get,
  HttpCode,
  Inject,
  Post,
  Req,
  Res,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, MissingCredentialsError, Principal } from '@scalekit-nest/auth';
import { NoStoreInterceptor } from '../common';
import { SessionPageFilter } from './http/session-page.filter';
import { requireSession, viewerOf } from './http/viewer';
import { navigatesHere, wantsJson } from './http/wants-json';
import { SESSION_SETTINGS } from './session.constants';
import {
  IdentityProviderResponseError,
  IdentityProviderUnavailableError,
  NoRefreshTokenError,
} from './session.errors';
import type { Session } from './session-record';
import type { SessionSettings } from './session.settings';
import { SessionService } from './session.service';
import { TokenRefresher } from './token-refresher';
import { clearCookie } from './http/cookies';
import { SessionDetails, sessionsPage } from './views/sessions.page';
import { readableTime } from './views/time';

const iso = (ms: number): string => new Date(ms).toISOString();

/** `GET /sessions` (page or JSON), the token JSON APIs, and signing out everywhere. */
@Controller('sessions')
@UseFilters(SessionPageFilter)
@UseInterceptors(NoStoreInterceptor)
export class SessionController {
  constructor(
    private readonly refresher: TokenRefresher,
    private readonly sessions: SessionService,
    @Inject(SESSION_SETTINGS) private readonly settings: SessionSettings,
  ) {}

  @Get()
  details(@Req() request: FastifyRequest, @Res() response: FastifyReply): void {
    const session = requireSession(request);
    const details = this.describe(session);
    // Scripts need the CSRF token for their unsafe calls; only same-origin code can read this.
    if (wantsJson(request)) response.send({ ...details, csrfToken: session.data.csrfToken });
    else response.type('text/html; charset=utf-8').send(sessionsPage(details, viewerOf(session)));
  }

  /** Validates the session's access token now (the global guard just did, with the bearer rules). */
  @Post('validate-token')
  @HttpCode(200)
  validate(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) response: FastifyReply,
    @CurrentPrincipal() principal: Principal,
  ): object | string {
    const session = requireSession(request);
    if (navigatesHere(request))
      return this.page(
        response,
        session,
        `Your access token is valid until ${readableTime(principal.expiresAt * 1000)}.`,
      );
    return {
      valid: true,
      subject: principal.subject,
      organizationId: principal.organizationId ?? null,
      roles: [...principal.roles],
      permissions: [...principal.permissions],
      expiresAt: principal.expiresAt,
    };
  }

  /**
   * Refreshes the access token now (once per session, even if called concurrently) and answers
   * what happened: 200 only when there is a new token; 409 `no_refresh_token`; 502/503 when the
   * provider answered out of protocol or not at all (the session keeps its current token); 401
   * when the provider refused and the session ended.
   */
  @Post('refresh-token')
  @HttpCode(200)
  async refresh(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<object | string> {
    const outcome = await this.refresher.refresh(requireSession(request));
    switch (outcome.status) {
      case 'refreshed':
        if (navigatesHere(request))
          return this.page(
            response,
            outcome.session,
            `Access token refreshed: the new one is valid until ${readableTime(outcome.session.data.tokens.expiresAt)}.`,
          );
        return {
          refreshed: true,
          accessTokenExpiresAt: iso(outcome.session.data.tokens.expiresAt),
        };
      case 'ended':
        throw new MissingCredentialsError('session ended: refresh refused');
      case 'unchanged':
        if (outcome.because === 'no_refresh_token') throw new NoRefreshTokenError();
        if (outcome.because === 'invalid_idp_response')
          throw new IdentityProviderResponseError('refresh answer out of protocol');
        throw new IdentityProviderUnavailableError('refresh failed, current token kept');
    }
  }

  /**
   * Ends every session of the signed-in user, on every instance (this one too), then sends the
   * browser home with the cookie cleared. CSRF-checked like every unsafe session request.
   */
  @Post('end-all')
  async endAll(@Req() request: FastifyRequest, @Res() response: FastifyReply): Promise<void> {
    const session = requireSession(request);
    const ended = await this.sessions.endSessionsOf({ subject: session.data.user.id });
    // A session opened before sessions were indexed by user is ended by its own key.
    await this.sessions.destroy(session);
    clearCookie(response, this.settings.cookies.session, this.settings.cookies.secure);
    if (wantsJson(request)) return void response.send({ ended: Math.max(ended, 1) });
    response.redirect('/', 303);
  }

  /** The sessions page with the result of its button on it (a form post from the page itself). */
  private page(response: FastifyReply, session: Session, notice: string): string {
    response.type('text/html; charset=utf-8');
    return sessionsPage(this.describe(session), viewerOf(session), notice);
  }

  private describe(session: Session): SessionDetails {
    const { data, seenAt } = session;
    return {
      userId: data.user.id,
      organizationId: data.user.organizationId,
      createdAt: iso(data.createdAt),
      lastSeenAt: iso(seenAt),
      idleExpiresAt: iso(seenAt + this.settings.idleTimeoutMs),
      absoluteExpiresAt: iso(data.createdAt + this.settings.absoluteTimeoutMs),
      accessTokenExpiresAt: iso(data.tokens.expiresAt),
      hasRefreshToken: data.tokens.refreshToken !== undefined,
    };
  }
}
