import type { AppConfig } from '../config/app-config';

/** Everything the session feature needs, derived once from the validated configuration. */
export interface SessionSettings {
  readonly idleTimeoutMs: number;
  readonly absoluteTimeoutMs: number;
  readonly loginTtlMs: number;
  readonly refreshLeewayMs: number;
  /** How long one instance may hold the refresh lock of a session (a refresh call and then some). */
  readonly refreshLockMs: number;
  readonly cookies: {
    /** `__Host-app_session` with Secure cookies, `app_session` otherwise. */
    readonly session: string;
    /** Binds a login attempt to the browser that started it. */
    readonly login: string;
    /** Set by a logout for the home page to say so once (a flag, no data). */
    readonly signedOut: string;
    readonly secure: boolean;
  };
  /** The origin browsers use (PUBLIC_BASE_URL), for the same-origin checks. */
  readonly publicOrigin: string;
  /** Absent when no Scalekit environment is configured (login answers 503). */
  readonly oidc:
    | {
        readonly issuer: string;
        readonly clientId: string;
        readonly redirectUri: string;
        readonly postLogoutRedirectUri: string;
      }
    | undefined;
  readonly scopes: readonly string[];
}

/** `offline_access` asks for a refresh token; without it the session would end with the access token. */
export const LOGIN_SCOPES = ['openid', 'profile', 'email', 'offline_access'] as const;

/** Reads only the parts of the configuration it names, so callers can pass just those. */
export function sessionSettingsFrom(
  config: Pick<AppConfig, 'server' | 'auth' | 'scalekit' | 'session'>,
): SessionSettings {
  const { session, scalekit, server } = config;
  // The `__Host-` prefix makes the browser refuse the cookie unless it is Secure, has Path=/ and
  // no Domain: a sibling subdomain cannot plant or shadow it.
  const prefix = session.secureCookies ? '__Host-' : '';
  return {
    idleTimeoutMs: session.idleTimeoutS * 1000,
    absoluteTimeoutMs: session.absoluteTimeoutS * 1000,
    loginTtlMs: session.loginTtlS * 1000,
    refreshLeewayMs: session.refreshLeewayS * 1000,
    refreshLockMs: (scalekit?.timeoutMs ?? 10_000) + 5_000,
    cookies: {
      session: `${prefix}app_session`,
      login: `${prefix}app_login`,
      signedOut: `${prefix}app_signed_out`,
      secure: session.secureCookies,
    },
    publicOrigin: new URL(server.publicBaseUrl).origin,
    oidc: scalekit && {
      issuer: scalekit.environmentUrl,
      clientId: scalekit.clientId,
      redirectUri: scalekit.redirectUri,
      postLogoutRedirectUri: scalekit.postLogoutRedirectUri,
    },
    scopes: LOGIN_SCOPES,
  };
}
