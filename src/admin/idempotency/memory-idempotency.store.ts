import {
  CompletedRecord,
  IdempotencyRecord,
  IdempotencyStore,
  PendingRecord,
} from './idempotency.store';

interface Entry {
  readonly record: IdempotencyRecord;
  readonly expiresAt: number;
}

/**
 * Single-instance store: a Map with a TTL per entry and a bound on its size, so a flood of
 * distinct keys cannot exhaust memory (the oldest entries go first). Not shared between
 * instances: set REDIS_URL when running more than one.
 */
export class MemoryIdempotencyStore extends IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {
    super();
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
    const entry = this.entries.get(id);
    if (!entry) return null;
    if (entry.expiresAt > this.now()) return entry.record;
    this.entries.delete(id);
    return null;
  }

  private put(id: string, record: IdempotencyRecord, ttlMs: number): void {
    // Re-inserting moves the id to the end, so Map order stays oldest-first.
    this.entries.delete(id);
    this.evict();
    this.entries.set(id, { record, expiresAt: this.now() + ttlMs });
  }

  private evict(): void {
    if (this.entries.size < this.maxEntries) return;
    const now = this.now();
    for (const [id, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(id);
    for (const id of this.entries.keys()) {
      if (this.entries.size < this.maxEntries) break;
      this.entries.delete(id);
    }
  }
}
