import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  NotFoundException,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppExceptionFilter } from '../../common';
import { frameworkRefusal } from '../../common/app-exception.filter';
import type { ErrorView } from '../views/error.page';
import { sendErrorPage } from './session-page.filter';
import { navigatesHere } from './wants-json';

/**
 * The refusals that happen before any route's own filter can run, as a browser should see them
 * when it navigates or posts a form: an unknown path ("Page not found"), and a body the parser
 * refuses (too large, not a type we read, a wrong length). Scripts, API clients and curl get the
 * app's JSON errors, and so does every other HttpException (handed to the app's filter as it
 * would have been). Global and limited to HttpException, so other errors keep their own filter
 * (the app's catch-all, the auth package's GraphQL refusals), and route-level filters still win
 * on their routes.
 */
@Catch(HttpException)
export class RefusalPageFilter implements ExceptionFilter {
  private readonly json = new AppExceptionFilter();

  catch(exception: HttpException, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return this.json.catch(exception, host);
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const response = host.switchToHttp().getResponse<FastifyReply>();
    const view = pageOf(exception);
    if (!view || response.sent || !navigatesHere(request)) return this.json.catch(exception, host);
    sendErrorPage(request, response, view);
  }
}

/** Fastify's body-parser refusals, which the Nest adapter hands over as an HttpException's cause. */
const BODY_REFUSALS = new Set([
  'FST_ERR_CTP_BODY_TOO_LARGE',
  'FST_ERR_CTP_INVALID_MEDIA_TYPE',
  'FST_ERR_CTP_INVALID_CONTENT_LENGTH',
]);

function pageOf(exception: HttpException): ErrorView | undefined {
  if (exception instanceof NotFoundException)
    return { status: 404, title: 'Page not found', message: 'There is no page at this address.' };
  const cause: unknown = exception.cause;
  const code = (cause as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string' || !BODY_REFUSALS.has(code)) return undefined;
  const refusal = frameworkRefusal(cause);
  if (!refusal) return undefined;
  const message =
    refusal.status === 413
      ? 'What was sent is larger than this service accepts. Nothing was saved: go back and shorten it.'
      : `${refusal.message}. Nothing was saved: go back and send the form again.`;
  return { status: refusal.status, title: refusal.message, message };
}
