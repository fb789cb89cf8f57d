import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * A login that cannot complete (bad or replayed state, IdP error, bad ID token): 400. The message
 * is safe to show; the reason goes to the log only.
 */
export class LoginFailedError extends HttpException {
  constructor(
    code: string,
    message: string,
    /** For the log only. */
    readonly reason: string,
  ) {
    super({ error: code, message }, HttpStatus.BAD_REQUEST);
    this.name = 'LoginFailedError';
  }
}

/** Scalekit could not be reached (or is not configured) to sign in or refresh: 503. */
export class IdentityProviderUnavailableError extends HttpException {
  constructor(
    readonly reason: string,
    code = 'identity_provider_unavailable',
    message = 'Sign-in is temporarily unavailable, try again shortly',
  ) {
    super({ error: code, message }, HttpStatus.SERVICE_UNAVAILABLE);
    this.name = 'IdentityProviderUnavailableError';
  }

  responseHeaders(): Record<string, string> {
    return { 'Retry-After': '5' };
  }
}

/**
 * Scalekit answered, but not as the protocol says (no `id_token` from a code exchange, no
 * `access_token` from a refresh): the provider's error, 502, and not an outage, so no Retry-After.
 */
export class IdentityProviderResponseError extends HttpException {
  constructor(readonly reason: string) {
    super(
      {
        error: 'invalid_idp_response',
        message: 'The identity provider sent an answer that could not be used',
      },
      HttpStatus.BAD_GATEWAY,
    );
    this.name = 'IdentityProviderResponseError';
  }
}

/** A refresh was asked for, but the session holds no refresh token (no `offline_access`): 409. */
export class NoRefreshTokenError extends HttpException {
  constructor() {
    super(
      {
        error: 'no_refresh_token',
        message: 'This session has no refresh token, so its access token cannot be refreshed',
      },
      HttpStatus.CONFLICT,
    );
    this.name = 'NoRefreshTokenError';
  }
}

/**
 * A refused back-channel logout request: 400 with an OAuth error body (OpenID Connect
 * Back-Channel Logout 1.0, section 2.8), or 503 when the keys to check it cannot be fetched.
 */
export class BackchannelLogoutError extends HttpException {
  constructor(description: string, status: 400 | 503 = 400) {
    super(
      {
        error: status === 400 ? 'invalid_request' : 'temporarily_unavailable',
        error_description: description,
        message: description,
      },
      status,
    );
    this.name = 'BackchannelLogoutError';
  }
}
