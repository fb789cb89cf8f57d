import type { Redis } from 'ioredis';
import {
  CompletedRecord,
  IdempotencyRecord,
  IdempotencyStore,
  parseRecord,
  PendingRecord,
} from './idempotency.store';

// Deletes the key only while it still holds the caller's pending record, so a request whose
// claim expired cannot remove the claim a later request took in the meantime.
const RELEASE_SCRIPT = `
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local ok, record = pcall(cjson.decode, raw)
if ok and record.state == 'pending' and record.token == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** Where records live, behind the service's key prefix (the one client puts it in front). */
const RECORDS = 'admin:idempotency:';

/**
 * Shared store for several instances: `SET NX PX` makes the claim atomic across them, so two
 * instances receiving the same retry cannot both call Scalekit. Keys are under the service's
 * `REDIS_KEY_PREFIX`, so another app sharing the Redis (even with the same idempotency secret)
 * never reads these records. Every call fails fast when Redis is unreachable (the client's
 * `REDIS_TIMEOUT_MS`; the caller answers 503) instead of queueing until Redis returns.
 */
export class RedisIdempotencyStore extends IdempotencyStore {
  private readonly prefix = RECORDS;

  constructor(private readonly redis: Redis) {
    super();
  }

  async claim(id: string, record: PendingRecord, ttlMs: number): Promise<IdempotencyRecord | null> {
    const key = this.prefix + id;
    const set = await this.redis.set(key, JSON.stringify(record), 'PX', ttlMs, 'NX');
    if (set === 'OK') return null;
    const existing = parseRecord(await this.redis.get(key));
    // Expired between SET and GET: claim again (once; a second race is a real conflict).
    if (existing) return existing;
    const retried = await this.redis.set(key, JSON.stringify(record), 'PX', ttlMs, 'NX');
    return retried === 'OK' ? null : parseRecord(await this.redis.get(key));
  }

  async complete(id: string, record: CompletedRecord, ttlMs: number): Promise<void> {
    await this.redis.set(this.prefix + id, JSON.stringify(record), 'PX', ttlMs);
  }

  async get(id: string): Promise<IdempotencyRecord | null> {
    return parseRecord(await this.redis.get(this.prefix + id));
  }

  async release(id: string, token: string): Promise<void> {
    await this.redis.eval(RELEASE_SCRIPT, 1, this.prefix + id, token);
  }
}
