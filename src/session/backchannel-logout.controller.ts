import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { Public } from '@scalekit-nest/auth';
import { NoStoreInterceptor } from '../common';
import { LogoutTokenVerifier } from './login/logout-token.verifier';
import { SessionService } from './session.service';

/**
 * `POST /auth/backchannel-logout` (OpenID Connect Back-Channel Logout 1.0): the identity
 * provider ends a session server to server. The logout token says which (its `sid`, else every
 * session of its `sub`); they end on every instance sharing the store.
 */
@Controller('auth')
@UseInterceptors(NoStoreInterceptor)
export class BackchannelLogoutController {
  constructor(
    private readonly tokens: LogoutTokenVerifier,
    private readonly sessions: SessionService,
  ) {}

  /** No cookie, no CSRF token: the request comes from the identity provider, signed. */
  @Public()
  @Post('backchannel-logout')
  @HttpCode(200)
  async logout(@Body() body: unknown): Promise<{ ended: number }> {
    const form = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const target = await this.tokens.verify(form.logout_token);
    const ended = target.sid
      ? await this.sessions.endSessionsOf({ sid: target.sid })
      : await this.sessions.endSessionsOf({ subject: target.sub });
    return { ended };
  }
}
