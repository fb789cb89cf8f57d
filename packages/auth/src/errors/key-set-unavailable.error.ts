import { HttpStatus } from '@nestjs/common';
import { AuthError } from './auth.error';

/**
 * No key set could be had at all (the JWKS never answered since start): tokens cannot be judged
 * either way, so the answer is 503 with `Retry-After` rather than a misleading 401.
 */
export class KeySetUnavailableError extends AuthError {
  constructor(
    /** Seconds until the next JWKS fetch will be tried. */
    readonly retryAfterSec: number,
    reason = 'key set unavailable',
  ) {
    super(
      HttpStatus.SERVICE_UNAVAILABLE,
      'key_set_unavailable',
      'Token verification is temporarily unavailable',
      reason,
    );
  }

  challenge(): undefined {
    return undefined;
  }

  override responseHeaders(): Record<string, string> {
    return { 'Retry-After': String(Math.max(1, Math.ceil(this.retryAfterSec))) };
  }
}
