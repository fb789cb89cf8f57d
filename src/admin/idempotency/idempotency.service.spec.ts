import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AdminHttpError } from '../errors/admin-http.error';
import { IdempotencyService, IdempotentRequest } from './idempotency.service';
import {
  CompletedRecord,
  IdempotencyRecord,
  IdempotencyStore,
  PendingRecord,
} from './idempotency.store';
import { MemoryIdempotencyStore } from './memory-idempotency.store';
import { ResponseSealer } from './response-sealer';

const settings = { ttlMs: 60_000, pendingTtlMs: 5_000, waitMs: 500, pollMs: 10 };
const request = (over: Partial<IdempotentRequest> = {}): IdempotentRequest => ({
  scope: 'user:usr_1|org_1',
  key: 'key-0001-abcdef',
  operation: 'POST clients',
  body: { name: 'a', scopes: ['a:b'] },
  ...over,
});

function setup(store: IdempotencyStore = new MemoryIdempotencyStore(100)) {
  const service = new IdempotencyService(store, new ResponseSealer(randomBytes(32)), settings);
  let calls = 0;
  const create = async (delayMs = 0) => {
    calls += 1;
    await new Promise((r) => setTimeout(r, delayMs));
    return { clientId: `m2morg_${calls}`, plainSecret: `secret-${calls}` };
  };
  return { service, store, create, calls: () => calls };
}

const codeOf = (error: unknown) =>
  error instanceof AdminHttpError ? [error.getStatus(), error.code] : error;

describe('IdempotencyService', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  it('replays the first response for the same key and body (in any key order)', async () => {
    const { service, create, calls } = setup();
    const first = await service.run(request(), () => create());
    const again = await service.run(request({ body: { scopes: ['a:b'], name: 'a' } }), () =>
      create(),
    );
    expect(first).toEqual({
      value: { clientId: 'm2morg_1', plainSecret: 'secret-1' },
      replayed: false,
    });
    expect(again).toEqual({ value: first.value, replayed: true });
    expect(calls()).toBe(1);
  });

  it('answers 422 when the key comes back with another body or operation', async () => {
    const { service, create } = setup();
    await service.run(request(), () => create());
    for (const other of [
      request({ body: { name: 'b', scopes: ['a:b'] } }),
      request({ operation: 'POST clients/m2morg_1/secrets' }),
    ]) {
      await expect(service.run(other, () => create()).catch(codeOf)).resolves.toEqual([
        422,
        'idempotency_key_reused',
      ]);
    }
  });

  it('keeps keys apart per scope (principal + organization)', async () => {
    const { service, create, calls } = setup();
    await service.run(request(), () => create());
    const other = await service.run(request({ scope: 'user:usr_2|org_1' }), () => create());
    expect(other.replayed).toBe(false);
    expect(calls()).toBe(2);
  });

  it('runs concurrent duplicates once and gives all the same answer', async () => {
    const { service, create, calls } = setup();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => service.run(request(), () => create(30))),
    );
    expect(calls()).toBe(1);
    expect(new Set(results.map((r) => r.value.clientId))).toEqual(new Set(['m2morg_1']));
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
  });

  it('a concurrent duplicate with another body is 422, not a second call', async () => {
    const { service, create, calls } = setup();
    const first = service.run(request(), () => create(30));
    await expect(
      service.run(request({ body: { x: 1 } }), () => create()).catch(codeOf),
    ).resolves.toEqual([422, 'idempotency_key_reused']);
    await first;
    expect(calls()).toBe(1);
  });

  it('does not remember failures: a retry after an error runs again', async () => {
    const { service, create, calls } = setup();
    await expect(service.run(request(), () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    expect((await service.run(request(), () => create())).replayed).toBe(false);
    expect(calls()).toBe(1);
  });

  it('waits for a claim held elsewhere (another instance), then replays', async () => {
    const store = new MemoryIdempotencyStore(100);
    const a = setup(store);
    // Same store and pepper, different service: what a second instance sees through Redis.
    const sealer = new ResponseSealer(Buffer.alloc(32, 7));
    const one = new IdempotencyService(store, sealer, settings);
    const two = new IdempotencyService(store, sealer, settings);
    const first = one.run(request(), () => a.create(50));
    await new Promise((r) => setTimeout(r, 5));
    const second = await two.run(request(), () => a.create());
    expect(second).toEqual({ value: (await first).value, replayed: true });
    expect(a.calls()).toBe(1);
  });

  it('gives up with 409 when the other holder never finishes', async () => {
    const store = new MemoryIdempotencyStore(100);
    const sealer = new ResponseSealer(Buffer.alloc(32, 7));
    const stuck = new IdempotencyService(store, sealer, settings);
    void stuck.run(request(), () => new Promise(() => undefined));
    const other = new IdempotencyService(store, sealer, { ...settings, waitMs: 50 });
    await expect(other.run(request(), () => Promise.resolve(1)).catch(codeOf)).resolves.toEqual([
      409,
      'idempotency_in_progress',
    ]);
  });

  it('answers 503 without calling upstream when the store is down', async () => {
    class DownStore extends IdempotencyStore {
      claim(): Promise<IdempotencyRecord | null> {
        return Promise.reject(new Error('ECONNREFUSED'));
      }
      complete(_id: string, _r: CompletedRecord): Promise<void> {
        return Promise.reject(new Error('down'));
      }
      get(): Promise<IdempotencyRecord | null> {
        return Promise.reject(new Error('down'));
      }
      release(_id: string, _t: string): Promise<void> {
        return Promise.reject(new Error('down'));
      }
    }
    const { service, create, calls } = setup(new DownStore());
    await expect(service.run(request(), () => create()).catch(codeOf)).resolves.toEqual([
      503,
      'idempotency_unavailable',
    ]);
    expect(calls()).toBe(0);
  });

  it('stores neither the key nor the plain secret in clear', async () => {
    const saved: string[] = [];
    class SpyStore extends MemoryIdempotencyStore {
      override claim(id: string, record: PendingRecord, ttlMs: number) {
        saved.push(id, JSON.stringify(record));
        return super.claim(id, record, ttlMs);
      }
      override complete(id: string, record: CompletedRecord, ttlMs: number) {
        saved.push(id, JSON.stringify(record));
        return super.complete(id, record, ttlMs);
      }
    }
    const { service, create } = setup(new SpyStore(100));
    await service.run(request(), () => create());
    const dump = saved.join('\n');
    expect(dump).not.toContain('secret-1');
    expect(dump).not.toContain('key-0001-abcdef');
  });
});
