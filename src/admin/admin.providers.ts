import { Logger, Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ModulesContainer } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import pino from 'pino';
import type { AppConfig } from '../config/app-config';
import { Locks } from '../locks/locks';
import { REDIS } from '../redis/redis.constants';
import { collectRouteRequirements } from '../routes/route-requirements';
import { grantableScopesFrom } from './access/grantable-scopes';
import { ScopeGrantPolicy } from './access/scope-grant.policy';
import type { AdminConfig } from '../config/admin.config';
import { ADMIN_CONFIG } from './admin.constants';
import { AuditLogger, PinoAuditLogger } from './audit/audit.logger';
import { IdempotencyService } from './idempotency/idempotency.service';
import { IdempotencyStore } from './idempotency/idempotency.store';
import { MemoryIdempotencyStore } from './idempotency/memory-idempotency.store';
import { RedisIdempotencyStore } from './idempotency/redis-idempotency.store';
import { ResponseSealer } from './idempotency/response-sealer';
import { ClientSecretsLock } from './secrets/client-secrets.lock';

type Config = ConfigService<AppConfig, true>;

/** Used when no Scalekit is configured (every call then fails at once anyway). */
const DEFAULT_SCALEKIT_TIMEOUT_MS = 10_000;

function auditDestination(target: string): pino.DestinationStream | undefined {
  if (target === 'off') return undefined;
  // Synchronous on the standard streams: the application's lines go to standard output from the
  // main thread too (logging/batched-destination.ts), and a second writer on a worker thread
  // could split a line of either in a pipe. Audit events are few (admin changes).
  if (target === 'stdout') return pino.destination({ dest: 1, sync: true });
  if (target === 'stderr') return pino.destination({ dest: 2, sync: true });
  return pino.destination({ dest: target, sync: false, mkdir: true });
}

export const adminProviders: Provider[] = [
  {
    provide: ADMIN_CONFIG,
    inject: [ConfigService],
    useFactory: (config: Config): AdminConfig => config.get('admin', { infer: true }),
  },
  {
    provide: AuditLogger,
    inject: [ADMIN_CONFIG, ConfigService],
    useFactory: (admin: AdminConfig, config: Config): AuditLogger =>
      PinoAuditLogger.create(
        auditDestination(admin.auditLog),
        config.get('server', { infer: true }).serviceName,
      ),
  },
  {
    // Once, at start-up: the routes (hence their scopes) are fixed by then.
    provide: ScopeGrantPolicy,
    inject: [ADMIN_CONFIG, ModulesContainer],
    useFactory: (admin: AdminConfig, modules: ModulesContainer): ScopeGrantPolicy => {
      const scopes = new Set(
        admin.grantableScopes ?? grantableScopesFrom(collectRouteRequirements(modules).values()),
      );
      new Logger(ScopeGrantPolicy.name).log(
        `Scopes admins may grant (${admin.grantableScopes ? 'ADMIN_GRANTABLE_SCOPES' : 'from the routes'}): ${[...scopes].sort().join(', ')}`,
      );
      return new ScopeGrantPolicy(scopes);
    },
  },
  {
    provide: ClientSecretsLock,
    inject: [Locks, ConfigService],
    useFactory: (locks: Locks, config: Config): ClientSecretsLock => {
      // Under the lock: one read and one removal, each bounded by SCALEKIT_TIMEOUT_MS (retries
      // included), plus a margin. A waiter gives up when a dead holder's lock would have expired.
      const upstreamMs = config.get('scalekit', { infer: true })?.timeoutMs;
      const ttlMs = 2 * (upstreamMs ?? DEFAULT_SCALEKIT_TIMEOUT_MS) + 5_000;
      return new ClientSecretsLock(locks, { ttlMs, waitMs: ttlMs });
    },
  },
  {
    provide: IdempotencyStore,
    inject: [ADMIN_CONFIG, REDIS],
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
