import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DestinationStream } from 'pino';

/** Health probes every few seconds would drown the access log. */
const UNLOGGED_PREFIX = '/health/';

/** pino's number for `info`, the level every access line is written at. */
const INFO = 30;

/** The fields pino's base bindings put on every line of the process. */
export interface LineBindings {
  readonly pid: number;
  readonly hostname: string;
  readonly service: string;
}

/**
 * One access line per request, in pino's JSON line format (the same `level`, `time`, base
 * bindings and `msg` as the application's lines, so log shippers and pino-pretty read both
 * alike), written straight to the log destination.
 *
 * Not through a pino logger: pino serializes any object it is given, key by key, and that was
 * about 5 µs of a public route's 40 (the bench's ablation, LOG_LEVEL=info against a line built
 * here). The line is deliberately small, so building it by hand is safe:
 * - no query string and no headers but the user agent: `/auth/callback?code=...&state=...`
 *   carries a live authorization code, and headers carry tokens and cookies; what is never
 *   written cannot leak, which is also why the line needs no redaction pass;
 * - every string from the request goes through JSON.stringify, so a path or user agent cannot
 *   break out of its field (the request id is already plain: see request-id.ts).
 */
export class AccessLog {
  private readonly prefix: string;

  constructor(
    private readonly destination: DestinationStream,
    bindings: LineBindings,
    /** False when the level is above `info` (LOG_LEVEL=warn): nothing is built or written. */
    private readonly enabled: boolean,
  ) {
    this.prefix =
      `,"pid":${bindings.pid},"hostname":${JSON.stringify(bindings.hostname)}` +
      `,"service":${JSON.stringify(bindings.service)}`;
  }

  /** The line of a finished request, with its trailing newline. */
  lineFor(request: FastifyRequest, reply: FastifyReply, now = Date.now()): string {
    const url = request.url;
    const query = url.indexOf('?');
    const path = query >= 0 ? url.slice(0, query) : url;
    const userAgent = request.headers['user-agent'];
    return (
      `{"level":${INFO},"time":${now}${this.prefix},"reqId":${JSON.stringify(request.id)}` +
      `,"req":{"method":${JSON.stringify(request.method)},"path":${JSON.stringify(path)}` +
      `,"remoteAddress":${JSON.stringify(request.ip)}` +
      (userAgent === undefined ? '' : `,"userAgent":${JSON.stringify(userAgent)}`) +
      `},"res":{"statusCode":${reply.statusCode}}` +
      // Tenths of a millisecond: finer is noise, and a short number is a short line.
      `,"responseTime":${Math.round(reply.elapsedTime * 10) / 10},"msg":"request completed"}\n`
    );
  }

  /** Fastify `onResponse` hook: one line per request once its response has been sent. */
  readonly hook = (request: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    if (this.enabled && !request.url.startsWith(UNLOGGED_PREFIX))
      this.destination.write(this.lineFor(request, reply));
    done();
  };
}
