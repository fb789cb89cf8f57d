import { Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pino from 'pino';
import { connectFailFastRedis } from '../common/redis/connect-redis';
import type { AppConfig } from '../config/app-config';
import type { AdminConfig } from './admin.config';
import { ADMIN_CONFIG } from './admin.constants';
import { AuditLogger, PinoAuditLogger } from './audit/audit.logger';
import { IdempotencyService } from './idempotency/idempotency.service';
import { IdempotencyStore } from './idempotency/idempotency.store';
import { MemoryIdempotencyStore } from './idempotency/memory-idempotency.store';
import { RedisIdempotencyStore } from './idempotency/redis-idempotency.store';
import { ResponseSealer } from './idempotency/response-sealer';

/** Redis client for the idempotency store; its own token so the module can close it. */
export const ADMIN_REDIS = Symbol('ADMIN_REDIS');

function auditDestination(target: string): pino.DestinationStream | undefined {
  if (target === 'off') return undefined;
  if (target === 'stdout') return pino.destination({ dest: 1, sync: false });
  if (target === 'stderr') return pino.destination({ dest: 2, sync: false });
  return pino.destination({ dest: target, sync: false, mkdir: true });
}

export const adminProviders: Provider[] = [
  {
    provide: ADMIN_CONFIG,
    inject: [ConfigService],
    useFactory: (config: ConfigService<AppConfig, true>): AdminConfig =>
      config.get('admin', { infer: true }),
  },
  {
    provide: AuditLogger,
    inject: [ADMIN_CONFIG, ConfigService],
    useFactory: (admin: AdminConfig, config: ConfigService<AppConfig, true>): AuditLogger =>
      PinoAuditLogger.create(
        auditDestination(admin.auditLog),
        config.get('server', { infer: true }).serviceName,
      ),
  },
  {
    provide: ADMIN_REDIS,
    inject: [ADMIN_CONFIG],
    useFactory: (admin: AdminConfig): Redis | null =>
      // One second: a POST waiting on a dead Redis should get its 503 soon.
      admin.idempotency.redisUrl
        ? connectFailFastRedis(admin.idempotency.redisUrl, 'AdminIdempotencyRedis', 1_000)
        : null,
  },
  {
    provide: IdempotencyStore,
    inject: [ADMIN_CONFIG, ADMIN_REDIS],
    useFactory: (admin: AdminConfig, redis: Redis | null): IdempotencyStore =>
      redis
        ? new RedisIdempotencyStore(redis)
        : new MemoryIdempotencyStore(admin.idempotency.maxEntries),
  },
  {
    provide: IdempotencyService,
    inject: [ADMIN_CONFIG, IdempotencyStore],
    useFactory: (admin: AdminConfig, store: IdempotencyStore): IdempotencyService => {
      // Without a configured secret (single instance, memory store) a random pepper is enough:
      // the records die with the process anyway.
      const pepper = admin.idempotency.secret
        ? Buffer.from(admin.idempotency.secret, 'utf8')
        : randomBytes(32);
      return new IdempotencyService(store, new ResponseSealer(pepper), {
        ttlMs: admin.idempotency.ttlMs,
        pendingTtlMs: 60_000,
        waitMs: 10_000,
        pollMs: 100,
      });
    },
  },
];
