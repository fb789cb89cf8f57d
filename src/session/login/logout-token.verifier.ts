import { Inject, Injectable } from '@nestjs/common';
import { TokenVerifier } from '@scalekit-nest/auth';
import { SESSION_SETTINGS } from '../session.constants';
import type { SessionSettings } from '../session.settings';
import { SessionStore } from '../store/session-store';
import { BackchannelLogoutError } from '../session.errors';
import { acceptOnce, verifyIssuerToken } from './issuer-token';

/** The `events` member a logout token must carry (OpenID Connect Back-Channel Logout 1.0, 2.4). */
export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** How long a `jti` is remembered beyond the token's own `exp` (or from `iat` when it has none). */
const JTI_MEMORY_MS = 10 * 60_000;

/** Whose sessions a logout token ends: the identity provider's session, the user, or both. */
export interface LogoutTarget {
  readonly sid?: string;
  readonly sub?: string;
}

/**
 * Validates a back-channel `logout_token` as section 2.6 of the spec lists: signature, `iss`
 * and `aud` (our client id) through the AuthModule's one verification core and key set; `iat`
 * present; `exp` (when present) current; the back-channel `events` member; `sid` and/or
 * `sub`; no `nonce` (so an ID token can never pass for a logout token); a `jti` never seen
 * before, on any instance (the session store remembers it).
 */
@Injectable()
export class LogoutTokenVerifier {
  constructor(
    @Inject(SESSION_SETTINGS) private readonly settings: SessionSettings,
    private readonly tokens: TokenVerifier,
    private readonly store: SessionStore,
  ) {}

  async verify(token: unknown): Promise<LogoutTarget> {
    const oidc = this.settings.oidc;
    if (!oidc) throw new BackchannelLogoutError('logout is not configured');
    if (typeof token !== 'string' || token === '')
      throw new BackchannelLogoutError('logout_token is required (one, form-encoded)');
    const { claims } = await verifyIssuerToken(
      this.tokens,
      token,
      // `logout+jwt` is the type the spec recommends (section 2.4); plain JWT is allowed too.
      { audience: oidc.clientId, issuer: oidc.issuer, types: ['logout+jwt', 'jwt'] },
      {
        invalid: (reason) => new BackchannelLogoutError(`logout_token is not valid (${reason})`),
        unavailable: () => new BackchannelLogoutError('the issuer keys cannot be fetched', 503),
      },
    );
    if (typeof claims.iat !== 'number') throw new BackchannelLogoutError('iat is required');
    const events = claims.events as Record<string, unknown> | undefined;
    const event = events?.[BACKCHANNEL_LOGOUT_EVENT];
    if (typeof event !== 'object' || event === null || Array.isArray(event))
      throw new BackchannelLogoutError('events must contain the back-channel logout event');
    if (claims.nonce !== undefined) throw new BackchannelLogoutError('nonce is not allowed');
    const sid = text(claims.sid);
    const sub = text(claims.sub);
    if (!sid && !sub) throw new BackchannelLogoutError('sid or sub is required');
    const jti = text(claims.jti);
    if (!jti) throw new BackchannelLogoutError('jti is required');
    const until = typeof claims.exp === 'number' ? claims.exp : claims.iat;
    if (!(await acceptOnce(this.store, `logout-token:${jti}`, until, JTI_MEMORY_MS)))
      throw new BackchannelLogoutError('this logout token was used before');
    return { ...(sid && { sid }), ...(sub && { sub }) };
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
