import type { DevIdpLogger } from '../dev-idp.context';
import type { TokenMinter } from '../tokens/token-minter';
import { postInBackground } from './post-in-background';

/**
 * Calls the app's back-channel logout endpoint (OpenID Connect Back-Channel Logout 1.0) when a
 * session ends at the stand-in: a form post of a signed `logout_token`. Fire and forget, like
 * the webhooks: a failure is logged.
 */
export class BackchannelLogoutSender {
  constructor(
    private readonly url: string | undefined,
    private readonly clientId: string,
    private readonly minter: TokenMinter,
    private readonly logger: DevIdpLogger,
  ) {}

  sessionEnded(userId: string, sessionId: string): void {
    const url = this.url;
    if (!url) return;
    const body = this.minter
      .logoutToken(this.clientId, userId, sessionId)
      .then((token) => new URLSearchParams({ logout_token: token }).toString());
    postInBackground(
      url,
      { contentType: 'application/x-www-form-urlencoded' },
      body,
      'back-channel logout',
      this.logger,
    );
  }
}
