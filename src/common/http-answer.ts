import { type ServerResponse, validateHeaderName, validateHeaderValue } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NO_STORE_HEADERS } from './no-store.interceptor';
import { newRequestId } from '../logging/request-id';

/**
 * Where a filter writes its answer: the Fastify reply of a route, or the raw Node response an
 * error thrown by a Nest middleware arrives with (middleware runs on the raw request, before
 * Fastify has a reply for it).
 */
export type AnyResponse = FastifyReply | ServerResponse;

export const JSON_ANSWER = 'application/json; charset=utf-8';

function isReply(response: AnyResponse): response is FastifyReply {
  return 'raw' in response;
}

export function headersSent(response: AnyResponse): boolean {
  return isReply(response) ? response.sent || response.raw.headersSent : response.headersSent;
}

/** Ends a response whose headers already left (a stream that failed half way). */
export function endResponse(response: AnyResponse): void {
  (isReply(response) ? response.raw : response).end();
}

/**
 * Headers a thrown error asks for (`WWW-Authenticate`, `Retry-After`), checked as Node would
 * check them: a value with CR/LF (a header injection) is refused here, not half-written later.
 */
export function validHeaders(headers: Record<string, string>): boolean {
  try {
    for (const [name, value] of Object.entries(headers)) {
      validateHeaderName(name);
      validateHeaderValue(name, value);
    }
    return true;
  } catch {
    return false;
  }
}

export function sendAnswer(
  response: AnyResponse,
  status: number,
  headers: Record<string, string>,
  type: string,
  body: string | object,
): void {
  // An error describes one request at one moment: nothing for a cache to keep.
  headers = { ...NO_STORE_HEADERS, ...headers };
  if (isReply(response)) {
    response.code(status).headers(headers).type(type).send(body);
    return;
  }
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  response.statusCode = status;
  response.setHeader('content-type', type);
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** The request id Fastify gave the request (also sent as `x-request-id`), or a fresh one. */
export function requestIdOf(request: FastifyRequest | { id?: unknown }): string {
  const id: unknown = request.id;
  return typeof id === 'string' && id !== '' ? id : newRequestId();
}
