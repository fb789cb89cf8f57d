import { Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  getOptionsToken,
  getStorageToken,
  ThrottlerModuleOptions,
  ThrottlerStorage,
  ThrottlerStorageService,
} from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config/app-config';
import type { SessionConfig } from '../config/session.config';
import { REDIS } from '../redis/redis.constants';
import { SESSION_SETTINGS } from './session.constants';
import { sessionSettingsFrom, SessionSettings } from './session.settings';
import { FileSessionStore } from './store/file-session.store';
import { RedisSessionStore } from './store/redis-session.store';
import { SessionStore } from './store/session-store';
import { RedisThrottlerStorage } from './throttle/redis-throttler.storage';

type Config = ConfigService<AppConfig, true>;

const sessionConfig = (config: Config): SessionConfig => config.get('session', { infer: true });
const redisTimeoutMs = (config: Config): number => config.get('redis', { infer: true }).timeoutMs;

/** Settings, store (file or Redis) and the rate limiter's options and storage. */
export const sessionProviders: Provider[] = [
  {
    provide: SESSION_SETTINGS,
    inject: [ConfigService],
    useFactory: (config: Config): SessionSettings =>
      sessionSettingsFrom({
        server: config.get('server', { infer: true }),
        auth: config.get('auth', { infer: true }),
        scalekit: config.get('scalekit', { infer: true }),
        session: sessionConfig(config),
      }),
  },
  {
    provide: SessionStore,
    inject: [ConfigService, REDIS],
    useFactory: (config: Config, redis: Redis | null): SessionStore => {
      const { store } = sessionConfig(config);
      if (store.kind === 'file') return new FileSessionStore(store.dataDir, store.maxEntries);
      if (redis) return new RedisSessionStore(redis, redisTimeoutMs(config));
      throw new Error('session store: Redis configured without a client');
    },
  },
  {
    // Provided here rather than through ThrottlerModule, which is global: the limits apply only
    // where this module puts ThrottlerGuard (/login and /auth/callback).
    provide: getOptionsToken(),
    inject: [ConfigService],
    useFactory: (config: Config): ThrottlerModuleOptions => {
      const { limit, windowS } = sessionConfig(config).rateLimit;
      return { throttlers: [{ name: 'login', limit, ttl: windowS * 1000 }] };
    },
  },
  {
    provide: getStorageToken(),
    inject: [ConfigService, REDIS],
    useFactory: (config: Config, redis: Redis | null): ThrottlerStorage =>
      sessionConfig(config).store.kind === 'redis' && redis
        ? new RedisThrottlerStorage(redis, redisTimeoutMs(config))
        : new ThrottlerStorageService(),
  },
];
