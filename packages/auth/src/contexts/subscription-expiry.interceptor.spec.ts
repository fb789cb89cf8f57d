import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { lastValueFrom, of } from 'rxjs';
import type { Principal } from '../principal';
import { attachPrincipal } from '../request-state';
import { SubscriptionExpiry } from './subscription-expiry.interceptor';

/** A source that yields nothing until told, and records being closed. */
function idleSource() {
  const state = { closed: false };
  const iterator: AsyncIterableIterator<number> = {
    next: () => new Promise<IteratorResult<number>>(() => undefined),
    return: () => {
      state.closed = true;
      return Promise.resolve({ done: true, value: undefined });
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return { iterator, state };
}

function subscriptionContext(expiresAt: number, type = 'graphql'): ExecutionContext {
  const gqlContext = {};
  attachPrincipal(gqlContext, { subject: 'm2morg_1', expiresAt } as unknown as Principal);
  const args = [{}, {}, gqlContext, { operation: { operation: 'subscription' } }];
  return {
    getType: () => type,
    getArgByIndex: (i: number) => args[i],
    getArgs: () => args,
  } as unknown as ExecutionContext;
}

const handlerReturning = (value: unknown): CallHandler => ({ handle: () => of(value) });
const seconds = (fromNowMs: number) => Math.floor((Date.now() + fromNowMs) / 1000);

describe('SubscriptionExpiry', () => {
  const interceptor = new SubscriptionExpiry();

  it('leaves everything but GraphQL subscriptions alone', async () => {
    const { iterator } = idleSource();
    const http = subscriptionContext(seconds(60_000), 'http');
    await expect(
      lastValueFrom(interceptor.intercept(http, handlerReturning(iterator))),
    ).resolves.toBe(iterator);
  });

  it('ends a stream whose token has expired with one UNAUTHENTICATED error, and closes it', async () => {
    const { iterator, state } = idleSource();
    const stream = (await lastValueFrom(
      interceptor.intercept(subscriptionContext(seconds(-1_000)), handlerReturning(iterator)),
    )) as AsyncIterableIterator<unknown>;
    const first = await stream.next();
    expect(first.done).toBe(false);
    expect(first.value).toMatchObject({
      message: 'The access token expired',
      extensions: { code: 'UNAUTHENTICATED', error: 'invalid_token' },
    });
    await expect(stream.next()).resolves.toEqual({ done: true, value: undefined });
    expect(state.closed).toBe(true);
  });

  it('a token valid for a month does not end the stream now (timers past 24.8 days)', async () => {
    const { iterator } = idleSource();
    const stream = (await lastValueFrom(
      interceptor.intercept(
        subscriptionContext(seconds(30 * 24 * 3_600_000)),
        handlerReturning(iterator),
      ),
    )) as AsyncIterableIterator<unknown>;
    const first = await Promise.race([
      stream.next(),
      new Promise((resolve) => setTimeout(() => resolve('still open'), 50)),
    ]);
    expect(first).toBe('still open');
    await stream.return?.();
  });

  it('closes an idle source at once when the client unsubscribes, long before expiry', async () => {
    const { iterator, state } = idleSource();
    const stream = (await lastValueFrom(
      interceptor.intercept(subscriptionContext(seconds(3_600_000)), handlerReturning(iterator)),
    )) as AsyncIterableIterator<unknown>;
    const pending = stream.next();
    await expect(stream.return?.()).resolves.toEqual({ done: true, value: undefined });
    expect(state.closed).toBe(true);
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
  });
});
