/** The JSON body of every error response (see docs/CONTRACTS.md "Errors"). */
export interface ErrorBody {
  readonly error: string;
  readonly message: string;
  readonly requestId: string;
  readonly details?: readonly unknown[];
  readonly [extra: string]: unknown;
}

/** An exception that needs response headers (a challenge, `Retry-After`...) beside its body. */
export interface HasResponseHeaders {
  responseHeaders(request: object): Record<string, string>;
}

export function hasResponseHeaders(value: unknown): value is HasResponseHeaders {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<HasResponseHeaders>).responseHeaders === 'function'
  );
}

const CODE = /^[a-z][a-z0-9_]*$/;

/** `{ error, message }` already shaped by the thrower: rendered as given. */
export function isShapedBody(value: unknown): value is { error: string; message: string } {
  if (typeof value !== 'object' || value === null) return false;
  const { error, message } = value as { error?: unknown; message?: unknown };
  return typeof error === 'string' && CODE.test(error) && typeof message === 'string';
}

const CODES: Readonly<Record<number, readonly [string, string]>> = {
  400: ['bad_request', 'The request is invalid'],
  401: ['unauthorized', 'Authentication is required'],
  403: ['forbidden', 'Access denied'],
  404: ['not_found', 'Not found'],
  405: ['method_not_allowed', 'Method not allowed'],
  406: ['not_acceptable', 'Not acceptable'],
  408: ['request_timeout', 'Request timeout'],
  409: ['conflict', 'Conflict'],
  413: ['payload_too_large', 'The request body is too large'],
  415: ['unsupported_media_type', 'Unsupported media type'],
  422: ['unprocessable_entity', 'The request cannot be processed'],
  429: ['too_many_requests', 'Too many requests'],
  500: ['internal_error', 'Internal error'],
  502: ['bad_gateway', 'Bad gateway'],
  503: ['service_unavailable', 'Service unavailable'],
  504: ['gateway_timeout', 'Gateway timeout'],
};

/** A stable code and a safe default message for an HTTP status. */
export function describeStatus(status: number): { error: string; message: string } {
  const known = CODES[status];
  if (known) return { error: known[0], message: known[1] };
  return status >= 500
    ? { error: 'internal_error', message: 'Internal error' }
    : { error: 'bad_request', message: 'The request is invalid' };
}
