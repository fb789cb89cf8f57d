import { Injectable } from '@nestjs/common';
import { Principal, TokenVerifier } from '@scalekit-nest/auth';

/**
 * Turns a session's access token into the app's one {@link Principal} type, `via: 'session'`.
 *
 * It goes through the AuthModule's {@link TokenVerifier}, the very check a bearer token gets:
 * a browser must not be granted what the same token would be refused as a bearer (removed key,
 * wrong issuer or audience), and decorators see identical scopes, roles and permissions. The
 * verifier caches verified tokens, so a page view costs a hash lookup, not a signature check.
 */
@Injectable()
export class SessionPrincipalFactory {
  /**
   * The session principal of each bearer principal the verifier returns. A cache hit returns
   * the same object, so a page view reuses the session copy instead of building it again; it
   * lives exactly as long as the verifier keeps the token (key removal and `exp` included).
   */
  private readonly sessionPrincipals = new WeakMap<Principal, Principal>();

  constructor(private readonly verifier: TokenVerifier) {}

  async fromAccessToken(accessToken: string): Promise<Principal> {
    const principal = await this.verifier.verify(accessToken);
    let session = this.sessionPrincipals.get(principal);
    if (!session) {
      session = Object.freeze({ ...principal, via: 'session' });
      this.sessionPrincipals.set(principal, session);
    }
    return session;
  }
}
