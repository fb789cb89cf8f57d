/**
 * The service's own view of what it asks Scalekit for. Plain JSON-safe types only: nothing from
 * the SDK (protobuf-es messages, bigints, SDK exceptions) crosses the port.
 */

export interface AuthorizationRequest {
  readonly redirectUri: string;
  readonly state: string;
  readonly nonce: string;
  /** PKCE S256 challenge of the verifier kept server-side. */
  readonly codeChallenge: string;
  readonly scopes: readonly string[];
  readonly loginHint?: string;
  readonly organizationId?: string;
  readonly connectionId?: string;
  readonly domainHint?: string;
  /** A social connection by name (`google`, `github`...). */
  readonly provider?: string;
  readonly prompt?: string;
}

export interface TokenSet {
  readonly accessToken: string;
  /** Absent when the IdP did not issue one (no `offline_access`). */
  readonly refreshToken: string | undefined;
  readonly idToken: string | undefined;
  /** Seconds the access token is valid for, as the IdP said (or as read from its `exp`). */
  readonly expiresIn: number;
}

export interface LogoutRequest {
  readonly idTokenHint?: string;
  readonly postLogoutRedirectUri: string;
  readonly state?: string;
}

export type ApiClientSecretStatus = 'active' | 'inactive';

/** A client secret as metadata: the secret itself is never part of it. */
export interface ApiClientSecret {
  readonly id: string;
  /** Last characters of the secret, to tell secrets apart. */
  readonly suffix: string;
  readonly status: ApiClientSecretStatus;
  readonly createdAt: string | undefined;
  readonly updatedAt: string | undefined;
  readonly lastUsedAt: string | undefined;
  readonly expiresAt: string | undefined;
  readonly createdBy: string | undefined;
}

/** An organization's API client (machine-to-machine credentials), as Scalekit holds it. */
export interface ApiClient {
  readonly clientId: string;
  readonly organizationId: string;
  readonly name: string;
  readonly description: string;
  readonly scopes: readonly string[];
  readonly audience: readonly string[];
  readonly customClaims: Readonly<Record<string, string>>;
  /** Lifetime in seconds of the access tokens issued to this client, when Scalekit reports one. */
  readonly expirySeconds: number | undefined;
  readonly createdAt: string | undefined;
  readonly updatedAt: string | undefined;
  readonly secrets: readonly ApiClientSecret[];
}

export interface ApiClientInput {
  readonly name: string;
  readonly description?: string;
  readonly scopes: readonly string[];
  readonly audience?: readonly string[];
  readonly customClaims?: Readonly<Record<string, string>>;
  /** Lifetime of the client's access tokens; Scalekit's default (an hour) when absent. */
  readonly expirySeconds?: number;
}

/** Fields to change; absent fields are left as they are. */
export type ApiClientPatch = Partial<ApiClientInput>;

export interface ApiClientPage {
  readonly clients: readonly ApiClient[];
  readonly nextPageToken: string | undefined;
  readonly prevPageToken: string | undefined;
  readonly totalSize: number;
}

export interface PageRequest {
  readonly pageSize?: number;
  readonly pageToken?: string;
}

export interface CreatedApiClient {
  readonly client: ApiClient;
  /** Shown once, to the caller that created it; never stored or logged by this service. */
  readonly plainSecret: string;
}

export interface CreatedApiClientSecret {
  readonly secret: ApiClientSecret;
  readonly plainSecret: string;
}
