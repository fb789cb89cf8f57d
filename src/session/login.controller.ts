import {
  Controller,
  Get,
  Inject,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseInterceptors,
  UseGuards,
} from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@scalekit-nest/auth';
import { ScalekitPort } from '../scalekit/scalekit.port';
import { verifyCsrfToken, verifySameOrigin } from './csrf';
import { clearCookie, readCookie, setCookie } from './http/cookies';
import { NoStoreInterceptor } from '../common';
import { SessionPageFilter } from './http/session-page.filter';
import { viewerOf } from './http/viewer';
import { CallbackQuery, LoginFlow } from './login/login-flow.service';
import { IdpInitiatedLoginVerifier } from './login/idp-initiated-login.verifier';
import { LoginRouting, readLoginRouting } from './login/login-routing';
import { LoginFailedError } from './session.errors';
import { SESSION_SETTINGS } from './session.constants';
import { isSecretShaped, newSecret } from './session-crypto';
import { SessionService } from './session.service';
import type { SessionSettings } from './session.settings';
import { logoutPage } from './views/logout.page';

/**
 * `GET /login` (optionally routed: `organization_id`, `connection_id`, `login_hint`, `domain_hint`,
 * `provider`), `GET /auth/callback`, `GET|POST /logout`: signing in and out.
 */
@Controller()
@Public()
@UseFilters(SessionPageFilter)
@UseInterceptors(NoStoreInterceptor)
export class LoginController {
  constructor(
    private readonly flow: LoginFlow,
    private readonly idpInitiated: IdpInitiatedLoginVerifier,
    private readonly sessions: SessionService,
    private readonly scalekit: ScalekitPort,
    @Inject(SESSION_SETTINGS) private readonly settings: SessionSettings,
  ) {}

  @Get('login')
  @UseGuards(ThrottlerGuard)
  async login(
    @Query() query: Readonly<Record<string, unknown>>,
    @Req() request: FastifyRequest,
    @Res() response: FastifyReply,
  ): Promise<void> {
    const { routing, next } = await this.routed(query);
    const { login, secure } = this.settings.cookies;
    // One binding per browser, shared by its tabs, so parallel logins in two tabs both work.
    const existing = readCookie(request, login);
    const binding = isSecretShaped(existing) ? existing : newSecret();
    const url = await this.flow.start(next, binding, routing);
    setCookie(response, login, binding, secure, this.settings.loginTtlMs);
    response.redirect(url, 302);
  }

  /**
   * `GET /login` is also the initiate-login URL Scalekit sends IdP-initiated logins to, with
   * `idp_initiated_login`: verified, then turned into an ordinary login started here (fresh
   * state, nonce and PKCE), so the callback checks it like any other.
   */
  private async routed(
    query: Readonly<Record<string, unknown>>,
  ): Promise<{ routing: LoginRouting; next: unknown }> {
    if (query.idp_initiated_login === undefined)
      return { routing: readLoginRouting(query), next: query.next };
    if (Object.keys(readLoginRouting(query)).length > 0 || query.next !== undefined)
      throw new LoginFailedError(
        'invalid_request',
        'The sign-in link is not valid: idp_initiated_login comes alone.',
        'idp_initiated_login with other parameters',
      );
    return this.idpInitiated.verify(query.idp_initiated_login);
  }

  @Get('auth/callback')
  @UseGuards(ThrottlerGuard)
  async callback(
    @Query() query: CallbackQuery,
    @Req() request: FastifyRequest,
    @Res() response: FastifyReply,
  ): Promise<void> {
    const { login, session: name, secure } = this.settings.cookies;
    const { session, next } = await this.flow.complete(query, readCookie(request, login));
    // Session fixation: whatever session id the browser arrived with is ended, never reused.
    await this.sessions.destroyById(readCookie(request, name));
    setCookie(response, name, session.id, secure, this.settings.absoluteTimeoutMs);
    response.redirect(next, 302);
  }

  /** A page with the button: a GET must never sign out (any link or image could trigger it). */
  @Get('logout')
  async logoutConfirmation(
    @Req() request: FastifyRequest,
    @Res() response: FastifyReply,
  ): Promise<void> {
    const session = await this.sessions.load(readCookie(request, this.settings.cookies.session));
    if (!session) return void response.redirect('/', 302);
    response.type('text/html; charset=utf-8').send(logoutPage(viewerOf(session)));
  }

  /**
   * Ends the session server-side, clears the cookie, then sends the browser to the IdP's logout
   * with the ID token hint. Origin-checked first, then the session's CSRF token.
   */
  @Post('logout')
  async logout(@Req() request: FastifyRequest, @Res() response: FastifyReply): Promise<void> {
    const { session: name, secure } = this.settings.cookies;
    // Before anything else, session or not: a cross-site form arrives without our SameSite=Lax
    // cookie, and even the cookie-clearing answer of the sessionless branch would sign users out.
    verifySameOrigin(request, this.settings.publicOrigin);
    const session = await this.sessions.load(readCookie(request, name));
    if (!session) {
      clearCookie(response, name, secure);
      return void response.redirect('/', 303);
    }
    verifyCsrfToken(request, session.data.csrfToken);
    await this.sessions.destroy(session);
    clearCookie(response, name, secure);
    // The home page says "you are signed out" once, after the round trip through Scalekit.
    setCookie(response, this.settings.cookies.signedOut, '1', secure, 5 * 60_000);
    response.redirect(this.idpLogoutUrl(session.data.tokens.idToken), 303);
  }

  private idpLogoutUrl(idToken: string | undefined): string {
    const oidc = this.settings.oidc;
    if (!oidc) return '/';
    try {
      return this.scalekit.logoutUrl({
        idTokenHint: idToken,
        postLogoutRedirectUri: oidc.postLogoutRedirectUri,
      });
    } catch {
      return '/';
    }
  }
}
