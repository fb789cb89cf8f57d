import { HttpException, HttpStatus } from '@nestjs/common';

/** A delivery refused: 401 for a bad signature (nothing happened), 400 for a signed body that is not an event. */
export class WebhookRefusedError extends HttpException {
  constructor(error: 'invalid_signature' | 'malformed_event', message: string) {
    super(
      { error, message },
      error === 'invalid_signature' ? HttpStatus.UNAUTHORIZED : HttpStatus.BAD_REQUEST,
    );
  }
}

/** No `SCALEKIT_WEBHOOK_SECRET`: 503, so Scalekit keeps retrying until the operator sets it. */
export class WebhooksNotConfiguredError extends HttpException {
  constructor() {
    super(
      {
        error: 'webhooks_not_configured',
        message: 'Webhooks are not configured: set SCALEKIT_WEBHOOK_SECRET',
      },
      HttpStatus.SERVICE_UNAVAILABLE,
    );
  }
}

/** Verified but not processed (a subscriber failed): 503, and Scalekit's retry is let in. */
export class WebhookNotProcessedError extends HttpException {
  constructor() {
    super(
      {
        error: 'webhook_not_processed',
        message: 'The event could not be processed now; it will be accepted when delivered again',
      },
      HttpStatus.SERVICE_UNAVAILABLE,
    );
  }
}
