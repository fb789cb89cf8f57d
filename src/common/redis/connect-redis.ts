import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';

/**
 * A Redis client tuned to fail fast rather than queue: a request waiting on a dead Redis must get
 * its 503 within `timeoutMs`, not hang, and the client keeps reconnecting in the background (at
 * most every 2 s) so service comes back on its own. `name` labels its log lines.
 */
export function connectFailFastRedis(url: string, name: string, timeoutMs: number): Redis {
  const logger = new Logger(name);
  const redis = new Redis(url, {
    commandTimeout: timeoutMs,
    connectTimeout: Math.max(timeoutMs, 1_000),
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
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
