import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';

/** Health probes every few seconds would drown the access log. */
const UNLOGGED_PREFIX = '/health/';

export interface AccessLine {
  readonly reqId: string;
  readonly req: {
    readonly method: string;
    readonly path: string;
    readonly remoteAddress: string;
    readonly userAgent: string | undefined;
  };
  readonly res: { readonly statusCode: number };
  /** Milliseconds from the request's arrival to the end of the response. */
  readonly responseTime: number;
}

/**
 * The request as the access log shows it. Deliberately small:
 * - no query string and no headers: `/auth/callback?code=...&state=...` carries a live
 *   authorization code, and headers carry tokens and cookies; what is never written cannot leak,
 *   which is also why the access logger needs no redaction pass;
 * - cheap: one fixed object, built once per request at the end of its response.
 */
export function accessLine(request: FastifyRequest, reply: FastifyReply): AccessLine {
  const url = request.url;
  const query = url.indexOf('?');
  return {
    reqId: request.id,
    req: {
      method: request.method,
      path: query >= 0 ? url.slice(0, query) : url,
      remoteAddress: request.ip,
      userAgent: request.headers['user-agent'],
    },
    res: { statusCode: reply.statusCode },
    responseTime: Math.round(reply.elapsedTime * 10) / 10,
  };
}

/**
 * Fastify `onResponse` hook writing one line per request to `logger`, a pino logger created
 * once for the process (a child logger per request, with serializers and redaction, was more
 * than half of what a request cost under pino-http).
 */
export function accessLogHook(
  logger: Logger,
): (request: FastifyRequest, reply: FastifyReply, done: () => void) => void {
  const enabled = logger.isLevelEnabled('info');
  return (request, reply, done) => {
    if (enabled && !request.url.startsWith(UNLOGGED_PREFIX))
      logger.info(accessLine(request, reply), 'request completed');
    done();
  };
}
