import { LRUCache } from 'lru-cache';
import {
  CompletedRecord,
  IdempotencyRecord,
  IdempotencyStore,
  PendingRecord,
} from './idempotency.store';

interface Entry {
  readonly record: IdempotencyRecord;
  /** Milliseconds on the store's clock; the record is gone at this instant. */
  readonly expiresAt: number;
}

/**
 * Single-instance store, bounded so a flood of distinct keys cannot exhaust memory: the key
 * written longest ago goes first (reads use `peek`, which keeps the order of writes). Expiry is
 * checked against the injected clock, so tests can move time. Not shared between instances: set
 * REDIS_URL when running more than one.
 */
export class MemoryIdempotencyStore extends IdempotencyStore {
  private readonly entries: LRUCache<string, Entry>;

  constructor(
    maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {
    super();
    this.entries = new LRUCache({ max: maxEntries });
  }

  get size(): number {
    return this.entries.size;
  }

  claim(id: string, record: PendingRecord, ttlMs: number): Promise<IdempotencyRecord | null> {
    const existing = this.live(id);
    if (existing) return Promise.resolve(existing);
    this.put(id, record, ttlMs);
    return Promise.resolve(null);
  }

  complete(id: string, record: CompletedRecord, ttlMs: number): Promise<void> {
    this.put(id, record, ttlMs);
    return Promise.resolve();
  }

  get(id: string): Promise<IdempotencyRecord | null> {
    return Promise.resolve(this.live(id));
  }

  release(id: string, token: string): Promise<void> {
    const existing = this.live(id);
    if (existing?.state === 'pending' && existing.token === token) this.entries.delete(id);
    return Promise.resolve();
  }

  private live(id: string): IdempotencyRecord | null {
    const entry = this.entries.peek(id);
    if (!entry) return null;
    if (entry.expiresAt > this.now()) return entry.record;
    this.entries.delete(id);
    return null;
  }

  private put(id: string, record: IdempotencyRecord, ttlMs: number): void {
    this.entries.set(id, { record, expiresAt: this.now() + ttlMs });
  }
}
