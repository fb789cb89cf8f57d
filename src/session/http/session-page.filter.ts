import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  Inject,
  Logger,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppExceptionFilter, NO_STORE_HEADERS } from '../../common';
import { SESSION_SETTINGS } from '../session.constants';
import type { SessionSettings } from '../session.settings';
import { sessionOf } from '../request-session';
import { errorPage, ErrorView } from '../views/error.page';
import { clearCookie, readCookie } from './cookies';
import { viewerOf } from './viewer';
import { wantsJson } from './wants-json';

/**
 * Errors of the page controllers, as a browser should see them: a page request without a
 * session is redirected to `/login?next=<path>`, other errors become pages (403, 400, 503...).
 * Clients asking for JSON get exactly the app-wide JSON errors instead.
 */
@Catch()
export class SessionPageFilter implements ExceptionFilter {
  private readonly logger = new Logger(SessionPageFilter.name);
  private readonly json = new AppExceptionFilter();

  constructor(@Inject(SESSION_SETTINGS) private readonly settings: SessionSettings) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const response = host.switchToHttp().getResponse<FastifyReply>();
    if (host.getType() !== 'http' || response.sent || wantsJson(request)) {
      return this.json.catch(exception, host);
    }
    const status = exception instanceof HttpException ? exception.getStatus() : 500;
    if (status === 401 && (request.method === 'GET' || request.method === 'HEAD')) {
      // A cookie that no longer names a session is dropped, so the browser stops sending it.
      const { session: name, secure } = this.settings.cookies;
      if (readCookie(request, name) !== undefined) clearCookie(response, name, secure);
      response.headers(NO_STORE_HEADERS);
      response.redirect(`/login?next=${encodeURIComponent(request.originalUrl)}`, 302);
      return;
    }
    if (status >= 500 && !(exception instanceof HttpException)) {
      this.logger.error(
        'Unhandled error on a page',
        exception instanceof Error ? exception.stack : String(exception),
      );
    }
    sendErrorPage(
      request,
      response,
      describe(status, exception),
      responseHeadersOf(exception, request),
    );
  }
}

/** An error page, no-store, with the viewer's header when the request has a session. */
export function sendErrorPage(
  request: FastifyRequest,
  response: FastifyReply,
  view: ErrorView,
  headers: Record<string, string> = {},
): void {
  const session = sessionOf(request);
  response
    .code(view.status)
    .headers({ ...NO_STORE_HEADERS, ...headers })
    .type('text/html; charset=utf-8')
    .send(errorPage(view, session && viewerOf(session)));
}

function describe(status: number, exception: unknown): ErrorView {
  const body = exception instanceof HttpException ? exception.getResponse() : undefined;
  const { error, message } = (typeof body === 'object' && body !== null ? body : {}) as {
    error?: unknown;
    message?: unknown;
  };
  const given = typeof message === 'string' && status < 500 ? message : undefined;
  switch (status) {
    case 400:
      return {
        status,
        title: 'Sign-in failed',
        message: given ?? 'The request is invalid.',
        retryLogin: true,
      };
    case 401:
      return { status, title: 'Sign-in required', message: 'Please sign in.', retryLogin: true };
    case 403:
      return error === 'csrf_failed'
        ? {
            status,
            title: 'Request refused',
            message: 'The request was refused as a possible cross-site request forgery.',
          }
        : {
            status,
            title: 'Access denied',
            message: given ?? 'You do not have permission to view this page.',
          };
    case 429:
      return {
        status,
        title: 'Too many attempts',
        message: 'Too many sign-in attempts. Wait a minute and try again.',
      };
    case 503:
      return {
        status,
        title: 'Temporarily unavailable',
        message: typeof message === 'string' ? message : 'Please try again shortly.',
      };
    default:
      return { status, title: 'Something went wrong', message: given ?? 'Please try again.' };
  }
}

function responseHeadersOf(exception: unknown, request: FastifyRequest): Record<string, string> {
  const candidate = exception as { responseHeaders?: unknown } | null;
  if (typeof candidate?.responseHeaders !== 'function') return {};
  const headers = (candidate.responseHeaders as (r: FastifyRequest) => Record<string, string>).call(
    exception,
    request,
  );
  // A Bearer challenge means nothing to a browser page.
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'www-authenticate'),
  );
}
