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
