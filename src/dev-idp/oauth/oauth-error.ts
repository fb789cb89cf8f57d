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

/** The token endpoint's challenge: the scheme it accepts in the Authorization header (RFC 7617). */
export const CLIENT_AUTH_CHALLENGE = 'Basic realm="dev-idp", charset="UTF-8"';

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

  /**
   * A 401 carries a challenge: RFC 6749 section 5.2 requires one matching the scheme when the
   * client authenticated with the Authorization header, and RFC 9110 section 15.5.2 requires one on
   * every 401. So a client that used client_secret_post learns that Basic is accepted as well.
   */
  get headers(): Record<string, string> {
    return this.status === 401 ? { 'www-authenticate': CLIENT_AUTH_CHALLENGE } : {};
  }

  toJSON(): { error: string; error_description: string } {
    return { error: this.error, error_description: this.description };
  }
}
