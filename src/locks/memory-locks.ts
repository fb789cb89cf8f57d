import { randomBytes } from 'node:crypto';
import { Locks } from './locks';

interface Held {
  readonly token: string;
  readonly expiresAt: number;
}

/** Locks of one process (no `REDIS_URL`): enough when this instance is the only one. */
export class MemoryLocks extends Locks {
  private readonly held = new Map<string, Held>();

  tryLock(name: string, ttlMs: number): Promise<string | null> {
    const now = Date.now();
    this.sweep(now);
    if (this.held.has(name)) return Promise.resolve(null);
    const token = randomBytes(12).toString('base64url');
    this.held.set(name, { token, expiresAt: now + ttlMs });
    return Promise.resolve(token);
  }

  unlock(name: string, token: string): Promise<void> {
    if (this.held.get(name)?.token === token) this.held.delete(name);
    return Promise.resolve();
  }

  /** Drops expired locks, so the map holds only live ones. */
  private sweep(now: number): void {
    for (const [name, lock] of this.held) if (lock.expiresAt <= now) this.held.delete(name);
  }
}
