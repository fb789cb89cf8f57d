import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { TokenVerifier } from '@scalekit-nest/auth';
import { SESSION_SETTINGS } from '../session.constants';
import { IdentityProviderUnavailableError, LoginFailedError } from '../session.errors';
import type { SessionSettings } from '../session.settings';
import { SessionStore } from '../store/session-store';
import { acceptOnce, verifyIssuerToken } from './issuer-token';
import { LoginRouting, readLoginRouting } from './login-routing';

/** What an IdP-initiated login turns into: an app-started login with this routing and return path. */
export interface IdpInitiatedLogin {
  readonly routing: LoginRouting;
  /** `relay_state`, untrusted: it goes through the same checks as `next`, never into `state`. */
  readonly next: unknown;
}

/** How long a used token stays remembered when its `exp` is already close. */
const MIN_REPLAY_WINDOW_MS = 60_000;

/**
 * Reads the `idp_initiated_login` token Scalekit sends to the initiate-login URL when a user
 * starts from their identity provider's portal. The SDK's `getIdpInitiatedLoginClaims` checks
 * only the signature unless told more; here the AuthModule's one verification core checks
 * signature, `iss` and `exp` with the one key set, `aud` must be our client id, the token is
 * accepted once (its `jti`, or its hash, is remembered in the session store until it expires,
 * so on every instance), and its routing claims pass the same format checks as `GET /login`'s.
 */
@Injectable()
export class IdpInitiatedLoginVerifier {
  constructor(
    @Inject(SESSION_SETTINGS) private readonly settings: SessionSettings,
    private readonly tokens: TokenVerifier,
    private readonly store: SessionStore,
  ) {}

  async verify(token: unknown): Promise<IdpInitiatedLogin> {
    const oidc = this.settings.oidc;
    if (!oidc) throw new IdentityProviderUnavailableError('no Scalekit configuration');
    if (typeof token !== 'string' || token.length === 0) throw refused('not one token');
    const { claims } = await verifyIssuerToken(
      this.tokens,
      token,
      { audience: oidc.clientId, issuer: oidc.issuer },
      {
        invalid: refused,
        unavailable: (message) => new IdentityProviderUnavailableError(`JWKS: ${message}`),
      },
    );
    if (typeof claims.exp !== 'number') throw refused('no exp');
    const routing = routingOf(claims);
    const once = typeof claims.jti === 'string' && claims.jti !== '' ? claims.jti : digest(token);
    if (!(await acceptOnce(this.store, `idp-initiated:${once}`, claims.exp, MIN_REPLAY_WINDOW_MS)))
      throw refused('replayed');
    return { routing, next: claims.relay_state };
  }
}

function routingOf(claims: Readonly<Record<string, unknown>>): LoginRouting {
  try {
    return readLoginRouting({
      organization_id: claims.organization_id,
      connection_id: claims.connection_id,
      login_hint: claims.login_hint,
    });
  } catch {
    throw refused('routing claims of the wrong format');
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

function refused(reason: string): LoginFailedError {
  return new LoginFailedError(
    'invalid_idp_initiated_login',
    'This sign-in link from your identity provider is not valid, has expired or was already used. Start again from your identity provider, or sign in here.',
    `idp_initiated_login: ${reason}`,
  );
}
