/**
 * The port's errors. Callers map them to HTTP statuses; none carries SDK objects or upstream
 * bodies, and messages are safe to log (never a token or a secret).
 */
export type ScalekitErrorKind =
  | 'not_found'
  | 'invalid_argument'
  | 'unauthenticated'
  | 'permission_denied'
  | 'invalid_grant'
  | 'invalid_response'
  | 'unavailable'
  | 'timeout'
  | 'not_configured'
  | 'unknown';

export abstract class ScalekitError extends Error {
  abstract readonly kind: ScalekitErrorKind;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The organization, client or secret does not exist (gRPC NOT_FOUND). */
export class ScalekitNotFoundError extends ScalekitError {
  readonly kind = 'not_found';
}

/** Scalekit refused the request's content (gRPC INVALID_ARGUMENT / FAILED_PRECONDITION / ALREADY_EXISTS). */
export class ScalekitInvalidArgumentError extends ScalekitError {
  readonly kind = 'invalid_argument';
}

/** Scalekit refused *our* credentials (client id/secret): an operator problem, not the caller's. */
export class ScalekitUnauthenticatedError extends ScalekitError {
  readonly kind = 'unauthenticated';
}

/** Our credentials are valid but not allowed to do this. */
export class ScalekitPermissionDeniedError extends ScalekitError {
  readonly kind = 'permission_denied';
}

/** The token endpoint refused a code or refresh token (OAuth `invalid_grant` and friends). */
export class ScalekitInvalidGrantError extends ScalekitError {
  readonly kind = 'invalid_grant';
  constructor(
    message: string,
    readonly oauthError: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Scalekit answered, but not as the protocol says (a token response without `access_token`, a
 * code exchange without `id_token`, a body that is not JSON): its fault, not an outage, so no
 * "try again shortly".
 */
export class ScalekitInvalidResponseError extends ScalekitError {
  readonly kind = 'invalid_response';
}

/** Scalekit could not be reached or answered 5xx / UNAVAILABLE. */
export class ScalekitUnavailableError extends ScalekitError {
  readonly kind = 'unavailable';
}

/** No answer within the configured deadline. */
export class ScalekitTimeoutError extends ScalekitError {
  readonly kind = 'timeout';
}

/** No Scalekit environment is configured (production without SCALEKIT_*). */
export class ScalekitNotConfiguredError extends ScalekitError {
  readonly kind = 'not_configured';
}

/** Anything else; the cause is kept for the log, never shown to a client. */
export class ScalekitUnknownError extends ScalekitError {
  readonly kind = 'unknown';
}
