import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A caller-supplied request id is kept only when it is short and plain, so logs cannot be forged through it. */
const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Fastify's `genReqId`: the caller's `x-request-id` when it is plain, else a fresh UUID. The id
 * is `request.id`, written on the access line, in error bodies and audit events, and echoed as
 * the `x-request-id` response header.
 */
export function requestIdFor(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}
