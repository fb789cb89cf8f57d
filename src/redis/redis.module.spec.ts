import { ConfigModule } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { REDIS } from './redis.constants';
import { RedisModule } from './redis.module';
import type { RedisConfig } from '../config/redis.config';

async function moduleWith(redis: RedisConfig) {
  const ref = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => ({ redis })] }),
      RedisModule,
    ],
  }).compile();
  await ref.init();
  return { ref, client: ref.get<Redis | null>(REDIS) };
}

describe('RedisModule', () => {
  it('creates the one client with the configured deadline and key prefix, and closes it at shutdown', async () => {
    const keyPrefix = `test-redis-module-${randomBytes(4).toString('hex')}:`;
    const { ref, client } = await moduleWith({
      url: 'redis://127.0.0.1:6379',
      keyPrefix,
      timeoutMs: 1_234,
    });
    expect(client?.options).toMatchObject({ commandTimeout: 1_234, keyPrefix });
    await client?.ping();
    const ended = new Promise((resolve) => client?.once('end', resolve));
    await ref.close();
    await ended;
    expect(client?.status).toBe('end');
  });

  it('provides no client without REDIS_URL', async () => {
    const { ref, client } = await moduleWith({
      url: undefined,
      keyPrefix: 'app:',
      timeoutMs: 1_000,
    });
    expect(client).toBeNull();
    await ref.close();
  });
});
