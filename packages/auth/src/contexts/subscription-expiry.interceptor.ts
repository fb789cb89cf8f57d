import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { map, Observable } from 'rxjs';
import { InvalidTokenError } from '../errors';
import { principalOf } from '../request-state';
import { graphqlRefusal } from './graphql.context';

/** The fourth resolver argument, as far as telling a subscription apart needs it. */
interface ResolveInfoLike {
  readonly operation?: { readonly operation?: string };
}

/** The longest delay a Node timer takes as it is. */
const MAX_TIMER_MS = 2_147_483_647;

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';

/**
 * Ends a GraphQL subscription when the access token it was authorized with expires. The guard
 * judges a subscription once, when it starts; without this, a stream opened a minute before
 * `exp` would go on for as long as the connection lives. At `exp` (checked by a timer, so an
 * idle stream ends too, and before each event) the client gets one result with an
 * `UNAUTHENTICATED` error, then the subscription completes; it may subscribe again with a
 * fresh token.
 *
 * GraphQL apps register it (`{ provide: APP_INTERCEPTOR, useClass: SubscriptionExpiry }`, or
 * `@UseInterceptors` on the resolvers with subscriptions). The module does not register it
 * itself: a global interceptor puts an observable chain on every HTTP request of every app,
 * GraphQL or not, which is a measurable share of a fast route.
 */
@Injectable()
export class SubscriptionExpiry implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<string>() !== 'graphql') return next.handle();
    const info = context.getArgByIndex<ResolveInfoLike | undefined>(3);
    const principal = principalOf(context);
    if (info?.operation?.operation !== 'subscription' || !principal) return next.handle();
    const expiresAtMs = principal.expiresAt * 1000;
    return next
      .handle()
      .pipe(
        map((result: unknown) =>
          isAsyncIterable(result) ? untilExpiry(result, expiresAtMs) : result,
        ),
      );
  }
}

/**
 * `source`'s events until `expiresAtMs`, then the refusal as the last event: graphql-js turns an
 * Error returned for the field into a field error of that result, which every driver sends as
 * it sends any GraphQL error. An iterator rather than an async generator: a generator's
 * `return()` would wait behind a pending `next()`, so a client that unsubscribes from an idle
 * stream would keep the source open until the token expires.
 */
function untilExpiry<T>(
  source: AsyncIterable<T>,
  expiresAtMs: number,
): AsyncIterableIterator<T | Error> {
  const iterator = source[Symbol.asyncIterator]();
  const done = (): IteratorResult<T | Error> => ({ done: true, value: undefined });
  let finished = false;
  let timer: NodeJS.Timeout | undefined;
  let settle: (why: 'expired' | 'closed') => void = () => undefined;
  const ended = new Promise<'expired' | 'closed'>((resolve) => {
    settle = resolve;
  });
  // Re-armed in steps: Node fires a timer of more than 2^31 - 1 ms (about 24.8 days) at once.
  const arm = (): void => {
    const left = expiresAtMs - Date.now();
    if (left <= 0) return settle('expired');
    timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
  };
  arm();
  const close = (): void => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    settle('closed');
    void iterator.return?.()?.catch(() => undefined);
  };
  return {
    async next(): Promise<IteratorResult<T | Error>> {
      if (finished) return done();
      const next = await Promise.race([iterator.next(), ended]);
      if (finished || next === 'closed') return done();
      if (next === 'expired' || Date.now() >= expiresAtMs) {
        close();
        return {
          done: false,
          value: graphqlRefusal(
            new InvalidTokenError(
              'token expired during a subscription',
              'The access token expired',
            ),
          ),
        };
      }
      if (next.done) close();
      return next;
    },
    return(): Promise<IteratorResult<T | Error>> {
      close();
      return Promise.resolve(done());
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
