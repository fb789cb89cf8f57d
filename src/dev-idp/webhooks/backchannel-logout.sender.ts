import type { DevIdpLogger } from '../dev-idp.context';
import type { TokenMinter } from '../tokens/token-minter';

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
    void this.minter
      .logoutToken(this.clientId, userId, sessionId)
      .then((token) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ logout_token: token }).toString(),
          signal: AbortSignal.timeout(5_000),
        }),
      )
      .then((res) => {
        if (!res.ok) this.logger.warn(`dev-idp: back-channel logout answered ${res.status}`);
      })
      .catch((error: unknown) => this.logger.error('dev-idp: back-channel logout failed', error));
  }
}
