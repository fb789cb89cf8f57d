/** Who a request acts for: a signed-in user or an organization's API client (machine-to-machine). */
export type PrincipalKind = 'user' | 'client';

/** How the request proved it: an `Authorization: Bearer` token or a browser session cookie. */
export type CredentialKind = 'bearer' | 'session';

/**
 * The one normalized identity every guard, decorator and handler sees, whatever the credential.
 * Built once per request; sets make scope and permission checks O(1).
 */
export interface Principal {
  readonly kind: PrincipalKind;
  readonly via: CredentialKind;
  /** `sub` of the access token (`usr_...` for users, `m2morg_...` for API clients). */
  readonly subject: string;
  /** Scalekit organization (`oid`), when the token names one. */
  readonly organizationId: string | undefined;
  /** `client_id` claim: the API client, or the application a user signed in through. */
  readonly clientId: string | undefined;
  /** OAuth scopes (from `scope` or `scopes`). Never used as permissions. */
  readonly scopes: ReadonlySet<string>;
  /** Scalekit permissions (from `permissions` or its namespaced aliases). */
  readonly permissions: ReadonlySet<string>;
  readonly roles: ReadonlySet<string>;
  /** `exp` of the credential, in seconds since the epoch. */
  readonly expiresAt: number;
  /** The validated access-token claims, for handlers that need more than the fields above. */
  readonly claims: Readonly<Record<string, unknown>>;
}
