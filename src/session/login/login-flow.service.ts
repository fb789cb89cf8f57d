import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuthError, isCompactJws, Principal } from '@scalekit-nest/auth';
import {
  ScalekitError,
  ScalekitInvalidGrantError,
  ScalekitInvalidResponseError,
} from '../../scalekit/scalekit.errors';
import { ScalekitPort } from '../../scalekit/scalekit.port';
import type { TokenSet } from '../../scalekit/scalekit.types';
import {
  IdentityProviderResponseError,
  IdentityProviderUnavailableError,
  LoginFailedError,
} from '../session.errors';
import { SESSION_SETTINGS } from '../session.constants';
import { isSecretShaped, newSecret, storeKeyOf } from '../session-crypto';
import { SessionPrincipalFactory } from '../session-principal.factory';
import type { Session } from '../session-record';
import { SessionService } from '../session.service';
import type { SessionSettings } from '../session.settings';
import { SessionStore } from '../store/session-store';
import { IdTokenVerifier } from './id-token.verifier';
import { failed, notConfigured } from './login-errors';
import { decodeLoginAttempt, encodeLoginAttempt, LoginAttempt } from './login-attempt';
import { newCodeVerifier, s256Challenge } from '../../oauth/pkce';
import type { LoginRouting } from './login-routing';
import { redirectPathOrDefault } from './redirect-target';
import { userFromClaims } from './user-profile';

/** The query of `GET /auth/callback`. */
export interface CallbackQuery {
  readonly state?: unknown;
  readonly code?: unknown;
  readonly error?: unknown;
  readonly error_description?: unknown;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

/**
 * The OIDC authorization-code flow with PKCE: `start` stores a login attempt and returns the
 * authorization URL; `complete` takes the attempt back (once), exchanges the code, verifies
 * the ID token and the access token, and opens a new session.
 */
@Injectable()
export class LoginFlow {
  private readonly logger = new Logger(LoginFlow.name);

  constructor(
    private readonly scalekit: ScalekitPort,
    private readonly store: SessionStore,
    private readonly sessions: SessionService,
    private readonly idTokens: IdTokenVerifier,
    private readonly principals: SessionPrincipalFactory,
    @Inject(SESSION_SETTINGS) private readonly settings: SessionSettings,
  ) {}

  /**
   * Saves the attempt and returns the authorization URL. The attempt is saved before the URL is
   * handed out: if the store is down this throws (503) instead of sending the user to a login
   * whose callback could only fail.
   */
  async start(next: unknown, browserBinding: string, routing: LoginRouting = {}): Promise<string> {
    const oidc = this.oidc();
    const state = newSecret();
    const attempt: LoginAttempt = {
      nonce: newSecret(),
      codeVerifier: newCodeVerifier(),
      next: redirectPathOrDefault(next),
      browser: storeKeyOf(browserBinding),
      createdAt: Date.now(),
    };
    const url = this.call(() =>
      this.scalekit.authorizationUrl({
        redirectUri: oidc.redirectUri,
        state,
        nonce: attempt.nonce,
        codeChallenge: s256Challenge(attempt.codeVerifier),
        scopes: this.settings.scopes,
        ...routing,
      }),
    );
    await this.store.putLoginAttempt(
      storeKeyOf(state),
      encodeLoginAttempt(attempt),
      this.settings.loginTtlMs,
    );
    return url;
  }

  /** Completes the login of the callback; `browserBinding` is the binding cookie of the request. */
  async complete(
    query: CallbackQuery,
    browserBinding: string | undefined,
  ): Promise<{ session: Session; next: string }> {
    const oidc = this.oidc();
    const attempt = await this.takeAttempt(query.state, browserBinding);
    const idpError = text(query.error);
    if (idpError !== undefined) {
      const description = text(query.error_description)?.slice(0, 200);
      throw new LoginFailedError(
        'login_refused',
        `The identity provider did not sign you in (${idpError}${description ? `: ${description}` : ''})`,
        `IdP error ${idpError}`,
      );
    }
    const code = text(query.code);
    if (code === undefined) throw failed('missing_code', 'callback without code');
    const tokens = await this.exchange(code, oidc.redirectUri, attempt.codeVerifier);
    // An OpenID provider must return one (OIDC Core 3.1.3.3): its absence is the provider's error.
    if (!tokens.idToken)
      throw new IdentityProviderResponseError('no ID token in the token response');
    const idClaims = await this.idTokens.verify(tokens.idToken, attempt.nonce, tokens.accessToken);
    const principal = await this.accessPrincipal(tokens.accessToken);
    if (principal.subject !== idClaims.sub)
      throw failed('invalid_access_token', 'access token subject differs from the ID token');
    const session = await this.sessions.create(
      {
        user: userFromClaims(idClaims, principal.claims),
        tokens: {
          accessToken: tokens.accessToken,
          refreshToken: tokens.refreshToken,
          idToken: tokens.idToken,
          expiresAt: principal.expiresAt * 1000,
        },
        roles: [...principal.roles],
        permissions: [...principal.permissions],
      },
      // The identity provider's session (OIDC `sid`), which back-channel logout and session
      // webhooks name.
      { sid: typeof idClaims.sid === 'string' ? idClaims.sid : undefined },
    );
    this.logger.debug(`Signed in ${principal.subject}`);
    return { session, next: redirectPathOrDefault(attempt.next) };
  }

  /** Takes (deletes) the attempt of `state`: whatever happens next, that state is used up. */
  private async takeAttempt(
    state: unknown,
    browserBinding: string | undefined,
  ): Promise<LoginAttempt> {
    if (!isSecretShaped(state)) throw failed('invalid_state', 'missing or malformed state');
    const raw = await this.store.takeLoginAttempt(storeKeyOf(state));
    const attempt = raw === null ? undefined : decodeLoginAttempt(raw);
    if (!attempt) throw failed('invalid_state', 'unknown, expired or already used state');
    // Login CSRF: a callback URL from the attacker's own login must not sign this browser in.
    if (!isSecretShaped(browserBinding) || storeKeyOf(browserBinding) !== attempt.browser) {
      throw failed('invalid_state', 'the login was started in another browser');
    }
    return attempt;
  }

  private async exchange(code: string, redirectUri: string, verifier: string): Promise<TokenSet> {
    try {
      return await this.scalekit.exchangeCode(code, redirectUri, verifier);
    } catch (error: unknown) {
      if (error instanceof ScalekitInvalidGrantError)
        throw failed('invalid_grant', `code refused (${error.oauthError})`);
      if (error instanceof ScalekitInvalidResponseError) {
        this.logger.warn(`Code exchange: ${error.message}`);
        throw new IdentityProviderResponseError(error.message);
      }
      throw this.unavailable(error);
    }
  }

  private async accessPrincipal(accessToken: string): Promise<Principal> {
    try {
      return await this.principals.fromAccessToken(accessToken);
    } catch (error: unknown) {
      if (error instanceof AuthError && error.getStatus() === 401) {
        this.logger.warn(
          isCompactJws(accessToken)
            ? `Access token of a login refused by the resource server (${error.reason ?? error.code}); does AUTH_AUDIENCE include the client id?`
            : 'Access token of a login is not a JWT (the provider issues opaque access tokens): sessions need JWT access tokens, which the resource server can verify; configure the provider to issue them',
        );
        throw failed('invalid_access_token', 'access token refused by TokenVerifier');
      }
      throw error;
    }
  }

  private oidc(): NonNullable<SessionSettings['oidc']> {
    const oidc = this.settings.oidc;
    if (!oidc) throw notConfigured();
    return oidc;
  }

  private call<T>(operation: () => T): T {
    try {
      return operation();
    } catch (error: unknown) {
      throw this.unavailable(error);
    }
  }

  private unavailable(error: unknown): Error {
    if (error instanceof ScalekitError && error.kind === 'not_configured') return notConfigured();
    this.logger.warn(
      `Scalekit call failed during login: ${error instanceof Error ? error.message : String(error)}`,
    );
    return new IdentityProviderUnavailableError(
      error instanceof Error ? error.message : String(error),
    );
  }
}
