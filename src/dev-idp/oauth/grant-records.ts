/** An authorization request waiting for the user to pick an account on the login page. */
export interface PendingAuthorization {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scope: readonly string[];
  readonly state?: string;
  readonly nonce?: string;
  readonly codeChallenge?: string;
  readonly organizationId?: string;
  readonly loginHint?: string;
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
  used: boolean;
}

/** The stand-in's own browser session (cookie `devidp_session`), used by `prompt=none` and logout. */
export interface BrowserSession {
  readonly sessionId: string;
  readonly userId: string;
}
