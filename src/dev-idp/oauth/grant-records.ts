/** An authorization request waiting for the user to pick an account on the login page. */
export interface PendingAuthorization {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scope: readonly string[];
  readonly state?: string;
  readonly nonce?: string;
  readonly codeChallenge?: string;
  readonly organizationId?: string;
  /** The organization's SSO connection the login goes through, for the login page to name. */
  readonly connectionName?: string;
  /** A social connection (`provider=google`...), named on the login page. */
  readonly provider?: string;
  readonly loginHint?: string;
  /** `max_age` in seconds (OIDC Core 3.1.2.1): how old the user's authentication may be. */
  readonly maxAge?: number;
  /** Value of the `devidp_login` cookie set with the page: the POST must come from the same browser. */
  readonly browserBinding: string;
}

export interface AuthorizationCodeRecord {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scope: readonly string[];
  readonly nonce?: string;
  readonly codeChallenge?: string;
  readonly userId: string;
  readonly sessionId: string;
  /** When the user authenticated (seconds): the ID token's `auth_time` (OIDC Core 2). */
  readonly authTime: number;
  used: boolean;
  /** Refresh-token family issued from this code, revoked if the code is replayed (RFC 6749 section 4.1.2). */
  refreshFamily?: string;
}

export interface RefreshTokenRecord {
  readonly familyId: string;
  readonly clientId: string;
  readonly userId: string;
  readonly sessionId: string;
  readonly scope: readonly string[];
  /** The original authentication's time: refreshed ID tokens keep it (OIDC Core 12.2). */
  readonly authTime: number;
  used: boolean;
}

/**
 * The stand-in's own browser session (cookie `devidp_session`): single sign-on for later
 * authorization requests, `prompt=none`, `max_age` and logout.
 */
export interface BrowserSession {
  readonly sessionId: string;
  readonly userId: string;
  /** When the user signed in at the stand-in (seconds since the epoch). */
  readonly authTime: number;
}
