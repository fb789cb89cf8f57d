import { MemoryIdempotencyStore } from './memory-idempotency.store';

const pending = (token = 't') => ({ state: 'pending' as const, fingerprint: 'f', token });

describe('MemoryIdempotencyStore', () => {
  it('claims once, then returns the record; forgets it after the TTL', async () => {
    let now = 0;
    const store = new MemoryIdempotencyStore(10, () => now);
    expect(await store.claim('a', pending(), 100)).toBeNull();
    expect(await store.claim('a', pending('u'), 100)).toEqual(pending());
    now = 100;
    expect(await store.get('a')).toBeNull();
    expect(await store.claim('a', pending('u'), 100)).toBeNull();
  });

  it('releases only for the holder', async () => {
    const store = new MemoryIdempotencyStore(10);
    await store.claim('a', pending('mine'), 1000);
    await store.release('a', 'other');
    expect(await store.get('a')).not.toBeNull();
    await store.release('a', 'mine');
    expect(await store.get('a')).toBeNull();
  });

  it('stays within its bound, dropping the oldest first', async () => {
    const store = new MemoryIdempotencyStore(3);
    for (const id of ['a', 'b', 'c', 'd', 'e']) await store.claim(id, pending(), 10_000);
    expect(store.size).toBe(3);
    expect(await store.get('a')).toBeNull();
    expect(await store.get('e')).not.toBeNull();
  });
});
