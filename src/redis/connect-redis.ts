import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';

export interface FailFastRedisOptions {
  readonly url: string;
  /** Labels the client's log lines. */
  readonly name: string;
  /** Deadline of every command, including one queued while the connection is down. */
  readonly timeoutMs: number;
  /** Put in front of every key by the client itself, so no store can write outside it. */
  readonly keyPrefix: string;
}

/**
 * A Redis client tuned to fail fast rather than queue: a request waiting on a dead Redis must get
 * its 503 within `timeoutMs`, not hang, and the client keeps reconnecting in the background (at
 * most every 2 s) so service comes back on its own.
 */
export function connectFailFastRedis(options: FailFastRedisOptions): Redis {
  const logger = new Logger(options.name);
  const redis = new Redis(options.url, {
    commandTimeout: options.timeoutMs,
    connectTimeout: Math.max(options.timeoutMs, 1_000),
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
    keyPrefix: options.keyPrefix,
  });
  let lastLog = 0;
  redis.on('error', (error: Error) => {
    // An outage emits an error per reconnection attempt: one line every 10 s is enough.
    if (Date.now() - lastLog < 10_000) return;
    lastLog = Date.now();
    logger.warn(`Redis error: ${error.message}`);
  });
  return redis;
}

/** Closes a client: `quit()` waits for pending replies, which with Redis gone would only time out. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
  else redis.disconnect();
}
