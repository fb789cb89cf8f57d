import type {
  ApiClient,
  ApiClientInput,
  ApiClientPage,
  ApiClientPatch,
  AuthorizationRequest,
  CreatedApiClient,
  CreatedApiClientSecret,
  LogoutRequest,
  PageRequest,
  TokenSet,
} from './scalekit.types';

/**
 * Everything the service asks of Scalekit, behind one injection token. The implementation wraps
 * the Node SDK; every method either returns the service's own plain types or throws a
 * {@link ScalekitError} subclass (see `scalekit.errors.ts`).
 *
 * Token validation is deliberately not here: the SDK's `validateToken` never refreshes its key
 * set, so the AuthModule validates tokens itself against the issuer's JWKS.
 */
export abstract class ScalekitPort {
  /** Builds the authorization URL (no network call). */
  abstract authorizationUrl(request: AuthorizationRequest): string;
  /** Exchanges an authorization code (with its PKCE verifier). Does NOT verify the ID token. */
  abstract exchangeCode(code: string, redirectUri: string, codeVerifier: string): Promise<TokenSet>;
  /** Refresh-token grant; refresh tokens rotate, so the returned one replaces the old one. */
  abstract refresh(refreshToken: string): Promise<TokenSet>;
  /** Builds the IdP logout URL (no network call). */
  abstract logoutUrl(request: LogoutRequest): string;

  abstract createClient(organizationId: string, input: ApiClientInput): Promise<CreatedApiClient>;
  abstract listClients(organizationId: string, page: PageRequest): Promise<ApiClientPage>;
  abstract getClient(organizationId: string, clientId: string): Promise<ApiClient>;
  abstract updateClient(
    organizationId: string,
    clientId: string,
    patch: ApiClientPatch,
  ): Promise<ApiClient>;
  abstract deleteClient(organizationId: string, clientId: string): Promise<void>;
  abstract addSecret(organizationId: string, clientId: string): Promise<CreatedApiClientSecret>;
  abstract removeSecret(organizationId: string, clientId: string, secretId: string): Promise<void>;

  /** The organization's display name (`ScalekitNotFoundError` for an unknown id). */
  abstract organizationName(organizationId: string): Promise<string>;

  /**
   * Whether `body` (the raw request body) carries a valid signature for `secret` in its
   * `webhook-id`, `webhook-timestamp` and `webhook-signature` headers, within the 5-minute
   * tolerance. Never throws for a bad signature: `false`.
   */
  abstract verifyWebhook(secret: string, headers: WebhookHeaders, body: string): boolean;
}

/** The signature headers of a webhook delivery (Standard Webhooks). */
export interface WebhookHeaders {
  readonly 'webhook-id'?: string;
  readonly 'webhook-timestamp'?: string;
  readonly 'webhook-signature'?: string;
}
