import { IncomingMessage } from 'node:http';
import type { ExecutionContext } from '@nestjs/common';
import { AuthError } from '../errors';
import { readAuthorization } from '../token/bearer-credentials';
import type { AuthCall } from './auth-call';

/** What Express's `req` and Fastify's `request` share, as far as the guard reads them. */
interface HttpRequestLike {
  readonly method?: string;
  readonly url?: string;
  /** Fastify: the Node request underneath. Express's `req` is the Node request itself. */
  readonly raw?: unknown;
}

/** Express's `res` and Fastify's `reply` both have `header(name, value)`. */
interface HttpResponseLike {
  header?(name: string, value: string): unknown;
  setHeader?(name: string, value: string): unknown;
  readonly headersSent?: boolean;
  readonly sent?: boolean;
}

/** The Node request of an Express or Fastify request object. */
export function incomingMessageOf(request: object): IncomingMessage {
  const raw = (request as HttpRequestLike).raw;
  return raw instanceof IncomingMessage ? raw : (request as IncomingMessage);
}

export function readHttpCall(context: ExecutionContext): AuthCall {
  const request = context.switchToHttp().getRequest<object & HttpRequestLike>();
  const incoming = incomingMessageOf(request);
  return {
    carrier: request,
    authorization: readAuthorization(incoming),
    httpRequest: request,
    persistent: false,
    label: `${incoming.method ?? ''} ${pathOf(incoming.url ?? '')}`,
  };
}

/** The URL without its query (which can carry secrets), for the refusal's debug line. */
function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

/**
 * Sets an auth error's headers (`WWW-Authenticate`, `Retry-After`) on the response before the
 * error goes on to the exception filters, so they leave with it whatever filter renders the
 * body (Nest's own, or the host app's), on Express and on Fastify alike. A value Node refuses is
 * not sent (the challenge builder never makes one, but a subclass could).
 */
export function setErrorHeaders(context: ExecutionContext, error: AuthError): void {
  const response = context.switchToHttp().getResponse<HttpResponseLike>();
  if (response.headersSent || response.sent) return;
  for (const [name, value] of Object.entries(
    error.responseHeaders(context.switchToHttp().getRequest()),
  )) {
    try {
      if (typeof response.header === 'function') response.header(name, value);
      else response.setHeader?.(name, value);
    } catch {
      // Dropped rather than turning a 401 into a 500.
    }
  }
}
