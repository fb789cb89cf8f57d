import { randomUUID } from 'node:crypto';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  describeStatus,
  ErrorBody,
  hasResponseHeaders,
  HasResponseHeaders,
  isShapedBody,
} from './error-body';

/**
 * Renders every error as `{ error, message, requestId }` JSON (docs/CONTRACTS.md "Errors"):
 * - an `HttpException` whose response is `{ error: snake_case, message, ... }` as given;
 * - another `HttpException`, or an http-errors error from Express middleware (body parser),
 *   with a code derived from its status and its message only when it is a plain string;
 * - anything else as 500 `internal_error`, logged with its stack and never sent.
 * Headers an exception asks for (`WWW-Authenticate`, `Retry-After`) are set.
 */
@Catch()
export class AppExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(AppExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const requestId = requestIdOf(request, response);
    const { status, body } = this.render(exception, requestId);
    if (response.headersSent) {
      response.end();
      return;
    }
    if (hasResponseHeaders(exception) && !this.trySetHeaders(exception, request, response)) {
      this.logger.error(`Response headers refused by Node, answered 500 (request ${requestId})`);
      response.status(500).json({ ...describeStatus(500), requestId });
      return;
    }
    response.status(status).json(body);
  }

  /**
   * Node refuses a header value with CR/LF or other invalid characters by throwing; this filter
   * must still answer in the error shape, so such headers are dropped and the error becomes a 500.
   */
  private trySetHeaders(
    exception: HasResponseHeaders,
    request: Request,
    response: Response,
  ): boolean {
    const headers = exception.responseHeaders(request);
    try {
      response.set(headers);
      return true;
    } catch {
      for (const name of Object.keys(headers)) response.removeHeader(name);
      return false;
    }
  }

  private render(exception: unknown, requestId: string): { status: number; body: ErrorBody } {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const given = exception.getResponse();
      if (status >= 500) this.logger.warn(`${status} ${exception.name}: ${exception.message}`);
      if (isShapedBody(given)) return { status, body: { ...given, requestId } };
      const parserError = parserErrorBody(exception);
      if (parserError) return { status, body: { ...parserError, requestId } };
      return {
        status,
        body: { ...describeStatus(status), ...plainMessage(given, status), requestId },
      };
    }
    const exposed = exposedHttpError(exception);
    if (exposed) return { status: exposed, body: { ...describeStatus(exposed), requestId } };
    const stack = exception instanceof Error ? exception.stack : String(exception);
    this.logger.error(`Unhandled error (request ${requestId})`, stack);
    return { status: 500, body: { ...describeStatus(500), requestId } };
  }
}

/** Nest's built-in exceptions carry `{ message: string }`; arrays (validation) are not a message. */
function plainMessage(given: unknown, status: number): { message?: string } {
  if (status >= 500) return {};
  if (typeof given === 'string') return { message: given };
  const message = (given as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? { message } : {};
}

/**
 * Nest wraps body-parser's SyntaxError and Express's URIError in a 400 that keeps their message,
 * and V8's JSON message quotes the start of the body: whatever the caller sent (a secret pasted
 * into a form, say) would come back in the error and land in any log that records it.
 */
function parserErrorBody(
  exception: HttpException,
): { readonly error: string; readonly message: string } | undefined {
  if (exception.cause instanceof SyntaxError)
    return { error: 'malformed_body', message: 'The request body is not valid JSON' };
  if (exception.cause instanceof URIError)
    return { error: 'malformed_url', message: 'The request URL has an invalid percent-encoding' };
  return undefined;
}

/** body-parser and friends throw http-errors objects: a 4xx with `expose: true` is the client's fault. */
function exposedHttpError(exception: unknown): number | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const { status, expose } = exception as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true
    ? status
    : undefined;
}

/** The id pino-http gave the request (also sent as `x-request-id`), or a fresh one. */
function requestIdOf(request: Request, response: Response): string {
  const id = (request as { id?: unknown }).id;
  if (typeof id === 'string' || typeof id === 'number') return String(id);
  const header = response.getHeader('x-request-id');
  return typeof header === 'string' ? header : randomUUID();
}
