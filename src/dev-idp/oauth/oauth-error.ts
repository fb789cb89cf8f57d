/** OAuth error codes of RFC 6749 sections 4.1.2.1 and 5.2, and OIDC Core 3.1.2.6. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'unsupported_response_type'
  | 'login_required'
  | 'access_denied'
  | 'server_error';

/**
 * A refusal the token endpoint answers as `{ error, error_description }` JSON: 400, or 401 for
 * `invalid_client` (RFC 6749 section 5.2), never a 500.
 */
export class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
  ) {
    super(`${error}: ${description}`);
    this.name = 'OAuthError';
  }

  get status(): number {
    if (this.error === 'invalid_client') return 401;
    if (this.error === 'server_error') return 500;
    return 400;
  }

  toJSON(): { error: string; error_description: string } {
    return { error: this.error, error_description: this.description };
  }
}
