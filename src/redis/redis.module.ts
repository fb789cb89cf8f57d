import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config/app-config';
import { closeRedis, connectFailFastRedis } from './connect-redis';
import { REDIS } from './redis.constants';

/**
 * The service's one Redis client (sessions, login rate limits, idempotency records, locks), or
 * `null` without `REDIS_URL`. Nest instantiates a module once however many modules import it, so
 * the client is created once here and closed once at shutdown. Every key it writes is under
 * `REDIS_KEY_PREFIX` and every command has the `REDIS_TIMEOUT_MS` deadline.
 */
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>): Redis | null => {
        const { url, keyPrefix, timeoutMs } = config.get('redis', { infer: true });
        return url ? connectFailFastRedis({ url, name: 'Redis', timeoutMs, keyPrefix }) : null;
      },
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis | null) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.redis) await closeRedis(this.redis);
  }
}
