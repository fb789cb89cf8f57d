import type { FastifyRequest } from 'fastify';
import { AdminValidationError } from '../errors/validation-problems';
import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENCY_KEY_PATTERN,
} from '../idempotency/idempotency.constants';

/** The request's `Idempotency-Key`, `undefined` when absent, 400 when malformed or repeated. */
export function readIdempotencyKey(request: FastifyRequest): string | undefined {
  const value = request.headers[IDEMPOTENCY_KEY_HEADER];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(value)) {
    throw new AdminValidationError([
      {
        field: 'Idempotency-Key',
        problem: 'must be one header of 8-255 visible ASCII characters (a UUID is ideal)',
      },
    ]);
  }
  return value;
}
