import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { describeStatus, ErrorBody, hasResponseHeaders, isShapedBody } from './error-body';
import {
  AnyResponse,
  JSON_ANSWER,
  endResponse,
  headersSent,
  requestIdOf,
  sendAnswer,
  validHeaders,
} from './http-answer';

/**
 * Renders every error as `{ error, message, requestId }` JSON (docs/CONTRACTS.md "Errors"):
 * - an `HttpException` whose response is `{ error: snake_case, message, ... }` as given;
 * - another `HttpException` with a code derived from its status and its message only when it is
 *   a plain string, or a refusal of Fastify's (body type, size, URL) with its status;
 * - anything else as 500 `internal_error`, logged with its stack and never sent.
 * Headers an exception asks for (`WWW-Authenticate`, `Retry-After`) are set.
 */
@Catch()
export class AppExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(AppExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const response = host.switchToHttp().getResponse<AnyResponse>();
    const requestId = requestIdOf(request);
    if (headersSent(response)) return endResponse(response);
    const { status, body } = this.render(exception, requestId);
    const headers = hasResponseHeaders(exception) ? exception.responseHeaders(request) : {};
    if (!validHeaders(headers)) {
      this.logger.error(`Response headers refused by Node, answered 500 (request ${requestId})`);
      return sendAnswer(response, 500, {}, JSON_ANSWER, { ...describeStatus(500), requestId });
    }
    sendAnswer(response, status, headers, JSON_ANSWER, body);
  }

  private render(exception: unknown, requestId: string): { status: number; body: ErrorBody } {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const given = exception.getResponse();
      if (status >= 500) this.logger.warn(`${status} ${exception.name}: ${exception.message}`);
      if (isShapedBody(given)) return { status, body: { ...given, requestId } };
      return {
        status,
        body: { ...describeStatus(status), ...plainMessage(given, status), requestId },
      };
    }
    const refusal = frameworkRefusal(exception);
    if (refusal) {
      const { status, ...view } = refusal;
      return { status, body: { ...view, requestId } };
    }
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
 * Fastify's own refusals (`FST_ERR_CTP_INVALID_MEDIA_TYPE` 415, `FST_ERR_CTP_BODY_TOO_LARGE`
 * 413, `FST_ERR_BAD_URL` 400...) are the client's fault: their status with our code and message
 * (theirs may quote the URL).
 */
export function frameworkRefusal(
  exception: unknown,
): { status: number; error: string; message: string } | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const { statusCode: status, code } = exception as { statusCode?: unknown; code?: unknown };
  if (typeof code !== 'string' || !code.startsWith('FST_')) return undefined;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  if (code === 'FST_ERR_BAD_URL')
    return {
      status,
      error: 'malformed_url',
      message: 'The request URL has an invalid percent-encoding',
    };
  return { status, ...describeStatus(status) };
}
