import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { LockUnavailableError } from './lock.errors';
import { Locks } from './locks';

// Deletes the key only while it holds the caller's token: a holder whose lock expired and was
// retaken must not release the new holder's lock.
const UNLOCK_IF_OWNER = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * Locks shared by every instance: a `SET NX PX` key under `lock:` (the client puts the service's
 * key prefix in front). Every command has the client's deadline, so a Redis outage is a quick
 * {@link LockUnavailableError}, never a hang.
 */
export class RedisLocks extends Locks {
  constructor(private readonly redis: Redis) {
    super();
  }

  tryLock(name: string, ttlMs: number): Promise<string | null> {
    const token = randomBytes(12).toString('base64url');
    return this.run('take lock', async () => {
      const set = await this.redis.set(this.key(name), token, 'PX', ttlMs, 'NX');
      return set === 'OK' ? token : null;
    });
  }

  unlock(name: string, token: string): Promise<void> {
    return this.run('release lock', async () => {
      await this.redis.eval(UNLOCK_IF_OWNER, 1, this.key(name), token);
    });
  }

  private key(name: string): string {
    return `lock:${name}`;
  }

  private async run<T>(what: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error: unknown) {
      throw new LockUnavailableError(
        `${what}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
