import { Code, ConnectError } from '@connectrpc/connect';
import {
  ScalekitException,
  ScalekitGatewayTimeoutException,
  ScalekitServerException,
} from '@scalekit-sdk/node';
import {
  ScalekitError,
  ScalekitInvalidArgumentError,
  ScalekitInvalidGrantError,
  ScalekitInvalidResponseError,
  ScalekitNotFoundError,
  ScalekitPermissionDeniedError,
  ScalekitTimeoutError,
  ScalekitUnauthenticatedError,
  ScalekitUnavailableError,
  ScalekitUnknownError,
} from './scalekit.errors';

/**
 * Which kind of call failed: a token grant for a user (code, refresh) or a management call. A
 * token-endpoint 400 means "bad code/refresh token" in the first and "our credentials were refused"
 * in the second (the SDK fetches its management token lazily inside the call).
 */
export type CallKind = 'grant' | 'management';

/** The part of an AxiosError we read, checked structurally so axios stays the SDK's business. */
interface HttpFailure {
  readonly isAxiosError: true;
  readonly code?: string;
  readonly response?: { readonly status: number; readonly data?: unknown };
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EPIPE',
]);
const NETWORK_MESSAGE =
  /ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|socket hang up/;

/**
 * What the log may learn of an SDK failure, kept as the port error's `cause`. Never the SDK's
 * error itself: an AxiosError carries the request it failed on (`config.data` is the form with
 * our client_secret, the code and PKCE verifier or the refresh token) and any logger that
 * serialises causes would print it.
 */
export class SdkFailure extends Error {
  constructor(summary: string) {
    super(summary);
    this.name = 'SdkFailure';
  }
}

function describeFailure(error: unknown): SdkFailure {
  if (isHttpFailure(error)) {
    const status = error.response?.status;
    const detail = status !== undefined ? `status ${status}` : (error.code ?? 'no response');
    return new SdkFailure(`token endpoint: ${detail}`);
  }
  if (error instanceof ScalekitServerException || error instanceof ConnectError) {
    const code = error instanceof ConnectError ? error.code : error.grpcStatus;
    return new SdkFailure(`gRPC ${Code[code] ?? code}: ${firstLine(error.message)}`);
  }
  return new SdkFailure(error instanceof Error ? firstLine(error.message) : 'non-error thrown');
}

/**
 * Server-side messages are about the request's content; one bounded line keeps logs parseable.
 * connect prefixes the code (`[not_found] ...`), which the summary already names.
 */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? '').replace(/^\[[a-z_]+\] /, '').slice(0, 200);
}

/** Turns whatever the SDK threw into the port's errors, with messages of our own (safe to log). */
export function toScalekitError(error: unknown, kind: CallKind): ScalekitError {
  if (error instanceof ScalekitError) return error;
  const cause = { cause: describeFailure(error) };
  if (error instanceof ScalekitGatewayTimeoutException)
    return new ScalekitTimeoutError('Scalekit did not answer in time', cause);
  if (isHttpFailure(error)) return fromHttpFailure(error, kind, cause);
  // connect-node reports a refused connection as UNAVAILABLE, but only when it recognises the Node
  // system error; across realms (Jest's sandbox) the same failure arrives as INTERNAL. The message
  // is the reliable part, and a refused connection is "unavailable" whatever the code says.
  if (error instanceof ScalekitException && NETWORK_MESSAGE.test(error.message)) {
    return new ScalekitUnavailableError('Scalekit could not be reached', cause);
  }
  if (error instanceof ScalekitServerException) return fromGrpcCode(error.grpcStatus, cause);
  if (error instanceof ConnectError) return fromGrpcCode(error.code, cause);
  if (error instanceof Error && error.message.startsWith('Failed to refresh token: '))
    return fromRefreshMessage(error.message, cause);
  if (isBrokenTokenResponse(error))
    return new ScalekitInvalidResponseError('Scalekit sent an incomplete token response', cause);
  return new ScalekitUnknownError('Unexpected failure calling Scalekit', cause);
}

function fromGrpcCode(code: Code, cause: { cause: unknown }): ScalekitError {
  const name = Code[code] ?? String(code);
  switch (code) {
    case Code.NotFound:
      return new ScalekitNotFoundError('Scalekit: not found', cause);
    case Code.InvalidArgument:
    case Code.FailedPrecondition:
    case Code.AlreadyExists:
    case Code.OutOfRange:
      return new ScalekitInvalidArgumentError(`Scalekit refused the request (${name})`, cause);
    case Code.Unauthenticated:
      return new ScalekitUnauthenticatedError('Scalekit refused our credentials', cause);
    case Code.PermissionDenied:
      return new ScalekitPermissionDeniedError(
        'Scalekit denied the operation to our credentials',
        cause,
      );
    case Code.Unavailable:
    case Code.ResourceExhausted:
      return new ScalekitUnavailableError(`Scalekit is unavailable (${name})`, cause);
    case Code.DeadlineExceeded:
      return new ScalekitTimeoutError('Scalekit did not answer in time', cause);
    default:
      return new ScalekitUnknownError(`Scalekit failed (${name})`, cause);
  }
}

function fromHttpFailure(
  error: HttpFailure,
  kind: CallKind,
  cause: { cause: unknown },
): ScalekitError {
  const status = error.response?.status;
  if (status === undefined) {
    if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT')
      return new ScalekitTimeoutError('Scalekit did not answer in time', cause);
    if (error.code && NETWORK_CODES.has(error.code))
      return new ScalekitUnavailableError(`Scalekit could not be reached (${error.code})`, cause);
    return new ScalekitUnknownError('Unexpected failure calling Scalekit', cause);
  }
  return fromTokenEndpointStatus(status, error.response?.data, kind, cause);
}

/** A token endpoint's non-2xx answer as a port error (the SDK's calls and our own refresh grant). */
export function fromTokenEndpointStatus(
  status: number,
  data: unknown,
  kind: CallKind,
  cause: { cause: unknown },
): ScalekitError {
  if (status >= 500 || status === 429)
    return new ScalekitUnavailableError(`Scalekit answered ${status}`, cause);
  const oauthError = oauthErrorCode(data);
  // invalid_client (RFC 6749 section 5.2) is about *our* client id/secret, whichever grant it was.
  if (kind === 'management' || status === 401 || oauthError === 'invalid_client') {
    return new ScalekitUnauthenticatedError('Scalekit refused our client credentials', cause);
  }
  return new ScalekitInvalidGrantError(
    `Scalekit refused the grant (${oauthError})`,
    oauthError,
    cause,
  );
}

/**
 * `refreshAccessToken` wraps every failure in a plain Error whose message is all that is left of
 * the HTTP status (SDK 2.11.0, lib/scalekit.js), so the status is read back from that message.
 */
function fromRefreshMessage(message: string, cause: { cause: unknown }): ScalekitError {
  const status = Number(/status code (\d{3})/.exec(message)?.[1]);
  if (status === 401)
    return new ScalekitUnauthenticatedError('Scalekit refused our client credentials', cause);
  if (status >= 400 && status < 500 && status !== 429) {
    return new ScalekitInvalidGrantError(
      'Scalekit refused the refresh token',
      'invalid_grant',
      cause,
    );
  }
  if (status >= 500 || status === 429)
    return new ScalekitUnavailableError(`Scalekit answered ${status}`, cause);
  if (/timeout/i.test(message))
    return new ScalekitTimeoutError('Scalekit did not answer in time', cause);
  if (NETWORK_MESSAGE.test(message))
    return new ScalekitUnavailableError('Scalekit could not be reached', cause);
  return new ScalekitUnknownError('Unexpected failure refreshing a token at Scalekit', cause);
}

/**
 * The SDK's own complaints about a token response it got: `authenticateWithCode` decodes the
 * `id_token` with jose (a missing or non-JWT one throws `ERR_JWT_INVALID`), `refreshAccessToken`
 * checks for `access_token` (SDK 2.11.0, lib/scalekit.js).
 */
function isBrokenTokenResponse(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('ERR_JW')) return true;
  return /^(Missing \w+ in authentication response|Invalid response from authentication server)/.test(
    error.message,
  );
}

function isHttpFailure(error: unknown): error is HttpFailure {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { isAxiosError?: unknown }).isAxiosError === true
  );
}

function oauthErrorCode(data: unknown): string {
  const code =
    typeof data === 'object' && data !== null ? (data as { error?: unknown }).error : undefined;
  return typeof code === 'string' && /^[a-z_]{1,64}$/.test(code) ? code : 'invalid_grant';
}
