import { HttpStatus, Logger } from '@nestjs/common';
import { ScalekitError } from '../../scalekit/scalekit.errors';
import { AdminHttpError } from './admin-http.error';

interface Mapping {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  /** How loudly the log should say it: operator problems are errors, caller problems are not. */
  readonly level: 'debug' | 'warn' | 'error';
}

const MAPPINGS: Record<ScalekitError['kind'], Mapping> = {
  not_found: {
    status: HttpStatus.NOT_FOUND,
    code: 'not_found',
    message: 'The organization, client or secret was not found',
    level: 'debug',
  },
  invalid_argument: {
    status: HttpStatus.BAD_REQUEST,
    code: 'rejected_by_identity_provider',
    message: 'Scalekit refused the request as invalid',
    level: 'warn',
  },
  // Our own client id/secret was refused: nothing the caller can fix, so 502, and an error log
  // that pages whoever operates the service.
  unauthenticated: {
    status: HttpStatus.BAD_GATEWAY,
    code: 'identity_provider_auth_failed',
    message: 'The service could not authenticate to Scalekit',
    level: 'error',
  },
  permission_denied: {
    status: HttpStatus.BAD_GATEWAY,
    code: 'identity_provider_forbidden',
    message: 'The service is not allowed to do this at Scalekit',
    level: 'error',
  },
  invalid_grant: {
    status: HttpStatus.BAD_GATEWAY,
    code: 'identity_provider_error',
    message: 'Scalekit answered unexpectedly',
    level: 'error',
  },
  invalid_response: {
    status: HttpStatus.BAD_GATEWAY,
    code: 'invalid_idp_response',
    message: 'Scalekit sent an answer that breaks the protocol',
    level: 'error',
  },
  unavailable: {
    status: HttpStatus.SERVICE_UNAVAILABLE,
    code: 'identity_provider_unavailable',
    message: 'Scalekit is unavailable; try again later',
    level: 'warn',
  },
  timeout: {
    status: HttpStatus.GATEWAY_TIMEOUT,
    code: 'identity_provider_timeout',
    message: 'Scalekit did not answer in time; try again later',
    level: 'warn',
  },
  not_configured: {
    status: HttpStatus.SERVICE_UNAVAILABLE,
    code: 'identity_provider_not_configured',
    message:
      'No Scalekit environment is configured for this service (set SCALEKIT_ENVIRONMENT_URL, SCALEKIT_CLIENT_ID and SCALEKIT_CLIENT_SECRET)',
    level: 'error',
  },
  unknown: {
    status: HttpStatus.BAD_GATEWAY,
    code: 'identity_provider_error',
    message: 'Scalekit answered unexpectedly',
    level: 'error',
  },
};

/**
 * Maps a port error to the admin API's answer: never a 500, never an upstream message or stack
 * in the body. The log gets the port error's message (safe by the port's contract) and kind.
 */
export function toAdminHttpError(error: unknown, logger: Logger, operation: string): unknown {
  if (!(error instanceof ScalekitError)) return error;
  const mapping = MAPPINGS[error.kind];
  const line = `${operation}: Scalekit ${error.kind} (${error.name}: ${error.message}) -> ${mapping.status}`;
  if (mapping.level === 'error') logger.error(line);
  else if (mapping.level === 'warn') logger.warn(line);
  else logger.debug(line);
  return new AdminHttpError(mapping.status, mapping.code, mapping.message, undefined, {
    cause: error,
  });
}
