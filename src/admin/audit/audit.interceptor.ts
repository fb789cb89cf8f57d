import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable, tap } from 'rxjs';
import { IDEMPOTENT_REPLAY_HEADER } from '../idempotency/idempotency.constants';
import { AuditFacts, AuditTrail, createdIds, errorCode } from './audit-trail';
import { Audited } from './audited.decorator';

/**
 * Writes one audit event per `@Audited` change, whatever its outcome: success, a validation
 * refusal (pipes run inside interceptors), or an upstream failure. Denials by the access guard
 * happen before interceptors and are audited by the guard itself.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly trail: AuditTrail,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const action = this.reflector.get(Audited, context.getHandler());
    if (!action) return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const response = context.switchToHttp().getResponse<FastifyReply>();
    let facts: Omit<AuditFacts, 'status'> = {};
    // Recorded when the response is done, so the status is the one actually sent (set by
    // @HttpCode or the exception filter after this interceptor has run).
    response.raw.once('close', () => {
      const replayed = response.getHeader(IDEMPOTENT_REPLAY_HEADER) === 'true';
      this.trail.record(request, action, {
        ...facts,
        status: response.statusCode,
        replayed,
      });
    });
    return next.handle().pipe(
      tap({
        next: (result: unknown) => {
          facts = createdIds(result);
        },
        error: (error: unknown) => {
          facts = { error: errorCode(error) };
        },
      }),
    );
  }
}
