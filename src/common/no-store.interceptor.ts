import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Observable } from 'rxjs';

/**
 * What a cache must not keep: a signed-in page, an admin answer carrying a plain secret, a
 * redirect that carries a Set-Cookie (the back button after logout, a shared proxy). Every error
 * answer carries them too (the app's filters set them), so refusals by guards are covered.
 */
export const NO_STORE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'cache-control': 'no-store',
  pragma: 'no-cache',
});

/**
 * Sets {@link NO_STORE_HEADERS} before the handler runs, on the controllers that need it. An
 * interceptor rather than a middleware: Nest middleware on Fastify puts a matching step
 * (@fastify/middie) in front of every request of the app, these routes or not.
 */
@Injectable()
export class NoStoreInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    context.switchToHttp().getResponse<FastifyReply>().headers(NO_STORE_HEADERS);
    return next.handle();
  }
}
