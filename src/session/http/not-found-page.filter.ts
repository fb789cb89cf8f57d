import { ArgumentsHost, Catch, ExceptionFilter, NotFoundException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppExceptionFilter } from '../../common';
import { sendErrorPage } from './session-page.filter';
import { navigatesHere } from './wants-json';

/**
 * Unknown paths, as a browser should see them: a page ("Page not found") when it navigates to
 * one, the app's JSON 404 for everyone else (scripts, API clients, curl). Global and limited to
 * NotFoundException, so every other error keeps its own filter (the app's catch-all, the auth
 * package's GraphQL refusals) and route-level filters still win on their routes.
 */
@Catch(NotFoundException)
export class NotFoundPageFilter implements ExceptionFilter {
  private readonly json = new AppExceptionFilter();

  catch(exception: NotFoundException, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return this.json.catch(exception, host);
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const response = host.switchToHttp().getResponse<FastifyReply>();
    if (response.sent || !navigatesHere(request)) return this.json.catch(exception, host);
    sendErrorPage(request, response, {
      status: 404,
      title: 'Page not found',
      message: 'There is no page at this address.',
    });
  }
}
