import { Module } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '../redis/redis.constants';
import { RedisModule } from '../redis/redis.module';
import { Locks } from './locks';
import { MemoryLocks } from './memory-locks';
import { RedisLocks } from './redis-locks';

/** Provides {@link Locks}: in Redis with `REDIS_URL` (shared by instances), in process otherwise. */
@Module({
  imports: [RedisModule],
  providers: [
    {
      provide: Locks,
      inject: [REDIS],
      useFactory: (redis: Redis | null): Locks =>
        redis ? new RedisLocks(redis) : new MemoryLocks(),
    },
  ],
  exports: [Locks],
})
export class LocksModule {}
