import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * The session store did not answer in time or failed: 503 with `Retry-After`, never a 500 and
 * never a hang. Rendered by the app-wide exception filter (or as a page by the page filter).
 */
export class SessionStoreUnavailableError extends HttpException {
  constructor(
    /** Why, for the log only. */
    readonly reason: string,
  ) {
    super(
      {
        error: 'session_store_unavailable',
        message: 'Sign-in is temporarily unavailable, try again shortly',
      },
      HttpStatus.SERVICE_UNAVAILABLE,
    );
    this.name = 'SessionStoreUnavailableError';
  }

  responseHeaders(): Record<string, string> {
    return { 'Retry-After': '1' };
  }
}
