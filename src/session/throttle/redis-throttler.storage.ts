import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import { withDeadline } from '../store/deadline';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

// One round trip, atomic across instances. While blocked, hits are not counted; going over the
// limit starts a block and a fresh window after it. Returns { hits, window ms left, block ms left }.
const INCREMENT = `
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then
  return { tonumber(redis.call('GET', KEYS[1]) or '0'), redis.call('PTTL', KEYS[1]), blocked }
end
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  redis.call('DEL', KEYS[1])
  return { hits, ttl, tonumber(ARGV[3]) }
end
return { hits, ttl, 0 }`;

/**
 * `@nestjs/throttler` storage in Redis (the community package does not support Nest 12), so
 * every instance counts the same attempts. Fixed window per key, under `throttle:` (behind the
 * client's key prefix); a Redis outage is a 503 like any other session-store failure.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  constructor(
    private readonly redis: Redis,
    private readonly timeoutMs: number,
  ) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const base = `throttle:${throttlerName}:${key}`;
    const reply = await withDeadline('rate limit', this.timeoutMs, () =>
      this.redis.eval(
        INCREMENT,
        2,
        base,
        `${base}:block`,
        ttl,
        limit,
        blockDuration > 0 ? blockDuration : ttl,
      ),
    );
    const [hits, windowMs, blockMs] = (Array.isArray(reply) ? reply : []).map(Number);
    return {
      totalHits: hits ?? 0,
      timeToExpire: Math.max(0, Math.ceil((windowMs ?? 0) / 1000)),
      isBlocked: (blockMs ?? 0) > 0,
      timeToBlockExpire: Math.max(0, Math.ceil((blockMs ?? 0) / 1000)),
    };
  }
}
