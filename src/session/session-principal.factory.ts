import { Injectable } from '@nestjs/common';
import { Principal, TokenVerifier } from '@scalekit-nest/auth';
import type { SessionTokens } from './session-record';

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

  /**
   * The bearer principal last verified for a session's tokens. A loaded session keeps the same
   * tokens object while its sealed value is unchanged (OpenedSessionCache), so a page view asks
   * the verifier whether that principal is still current instead of hashing the token again
   * (SHA-256 of a ~1 KB token, about 1.3 µs): the verifier stays the judge of key removal and
   * expiry either way.
   */
  private readonly verifiedFor = new WeakMap<SessionTokens, Principal>();

  constructor(private readonly verifier: TokenVerifier) {}

  async fromAccessToken(accessToken: string): Promise<Principal> {
    return this.sessionCopyOf(await this.verifier.verify(accessToken));
  }

  /** The principal of a loaded session's tokens: {@link fromAccessToken}, remembered per tokens object. */
  async fromTokens(tokens: SessionTokens): Promise<Principal> {
    const known = this.verifiedFor.get(tokens);
    if (known && this.verifier.isCurrent(known)) return this.sessionCopyOf(known);
    const principal = await this.verifier.verify(tokens.accessToken);
    this.verifiedFor.set(tokens, principal);
    return this.sessionCopyOf(principal);
  }

  private sessionCopyOf(principal: Principal): Principal {
    let session = this.sessionPrincipals.get(principal);
    if (!session) {
      session = Object.freeze({ ...principal, via: 'session' });
      this.sessionPrincipals.set(principal, session);
    }
    return session;
  }
}
