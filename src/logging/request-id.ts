import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A caller-supplied request id is kept only when it is short and plain, so logs cannot be forged through it. */
const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * What makes our ids unique across instances and restarts: 48 random bits drawn once per process.
 * A request id needs to be unique, not secret (it is echoed to the caller and written in logs),
 * so a counter after the prefix is enough; a UUID per request cost a random draw each time.
 */
const PROCESS_PREFIX = randomBytes(6).toString('hex');
let issued = 0;

/** `3f9a1c2b7d4e-1a`: this process's prefix, then how many ids it issued before, in base 36. */
export function newRequestId(): string {
  issued = (issued + 1) % Number.MAX_SAFE_INTEGER;
  return `${PROCESS_PREFIX}-${issued.toString(36)}`;
}

/**
 * Fastify's `genReqId`: the caller's `x-request-id` when it is plain, else a new id. The id is
 * `request.id`, written on the access line, in error bodies and audit events, and echoed as
 * the `x-request-id` response header.
 */
export function requestIdFor(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : newRequestId();
}
