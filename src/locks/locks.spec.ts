import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { connectFailFastRedis } from '../redis/connect-redis';
import { LockTimeoutError, LockUnavailableError } from './lock.errors';
import type { Locks } from './locks';
import { MemoryLocks } from './memory-locks';
import { RedisLocks } from './redis-locks';

// The test environment's Redis (as the e2e suites use), under a prefix unique to this run.
const REDIS_URL = 'redis://127.0.0.1:6379';
const prefix = `test-locks-${randomBytes(6).toString('hex')}:`;
const redis = connectFailFastRedis({
  url: REDIS_URL,
  name: 'test',
  timeoutMs: 1_000,
  keyPrefix: prefix,
});
const raw = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });

afterAll(async () => {
  const keys = await raw.keys(`${prefix}*`);
  if (keys.length > 0) await raw.del(...keys);
  redis.disconnect();
  raw.disconnect();
});

describe.each<[string, () => Locks]>([
  ['MemoryLocks', () => new MemoryLocks()],
  ['RedisLocks', () => new RedisLocks(redis)],
])('%s', (_name, make) => {
  let locks: Locks;
  let name: string;
  beforeEach(() => {
    locks = make();
    name = `n-${randomBytes(4).toString('hex')}`;
  });

  it('gives a lock to one caller at a time', async () => {
    const first = await locks.tryLock(name, 5_000);
    expect(first).toEqual(expect.any(String));
    expect(await locks.tryLock(name, 5_000)).toBeNull();
    expect(await locks.tryLock(`${name}-other`, 5_000)).toEqual(expect.any(String));
    await locks.unlock(name, first ?? '');
    expect(await locks.tryLock(name, 5_000)).toEqual(expect.any(String));
  });

  it('expires a lock whose holder never released it', async () => {
    expect(await locks.tryLock(name, 50)).not.toBeNull();
    expect(await locks.tryLock(name, 50)).toBeNull();
    await sleep(80);
    expect(await locks.tryLock(name, 5_000)).not.toBeNull();
  });

  it('is released only by its owner, not by a late holder whose lock expired and was retaken', async () => {
    const late = await locks.tryLock(name, 30);
    await sleep(50);
    const current = await locks.tryLock(name, 5_000);
    expect(current).not.toBeNull();
    await locks.unlock(name, late ?? '');
    await locks.unlock(name, 'not-a-token');
    expect(await locks.tryLock(name, 5_000)).toBeNull();
    await locks.unlock(name, current ?? '');
    expect(await locks.tryLock(name, 5_000)).not.toBeNull();
  });

  it('withLock runs one holder at a time, and releases even when the work fails', async () => {
    let inside = 0;
    let most = 0;
    const work = async () => {
      inside++;
      most = Math.max(most, inside);
      await sleep(10);
      inside--;
    };
    const timing = { ttlMs: 5_000, waitMs: 5_000, pollMs: 5 };
    await Promise.all(Array.from({ length: 8 }, () => locks.withLock(name, timing, work)));
    expect(most).toBe(1);
    await expect(
      locks.withLock(name, timing, () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    expect(await locks.tryLock(name, 5_000)).not.toBeNull();
  });

  it('withLock gives up at its deadline with LockTimeoutError, without running the work', async () => {
    await locks.tryLock(name, 5_000);
    const work = jest.fn(() => Promise.resolve());
    const started = Date.now();
    await expect(
      locks.withLock(name, { ttlMs: 5_000, waitMs: 100, pollMs: 10 }, work),
    ).rejects.toThrow(LockTimeoutError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(work).not.toHaveBeenCalled();
  });
});

describe('RedisLocks', () => {
  it('keeps its keys under the client key prefix', async () => {
    const token = await new RedisLocks(redis).tryLock('visible', 5_000);
    expect(await raw.get(`${prefix}lock:visible`)).toBe(token);
  });

  it('turns a Redis failure into LockUnavailableError', async () => {
    const closed = connectFailFastRedis({
      url: REDIS_URL,
      name: 'test-closed',
      timeoutMs: 200,
      keyPrefix: prefix,
    });
    await closed.quit();
    await expect(new RedisLocks(closed).tryLock('x', 1_000)).rejects.toThrow(LockUnavailableError);
    await expect(new RedisLocks(closed).unlock('x', 't')).rejects.toThrow(LockUnavailableError);
  });
});
