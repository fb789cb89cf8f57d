import { setTimeout as sleep } from 'node:timers/promises';
import { LockTimeoutError } from './lock.errors';

/** How long a lock lives and how long a caller waits for it. */
export interface LockTiming {
  /** The lock expires after this, so a holder that died cannot block others for ever. */
  readonly ttlMs: number;
  /** A caller that could not take the lock within this gets {@link LockTimeoutError}. */
  readonly waitMs: number;
  /** Pause between two attempts. */
  readonly pollMs?: number;
}

const DEFAULT_POLL_MS = 25;

/**
 * The service's one lock primitive: named, expiring mutual exclusion, in Redis when several
 * instances share it, in this process otherwise. A taken lock is identified by a random token,
 * so only its holder can release it, and an expired lock retaken by another caller is not released
 * by the late first holder. Store failures are {@link LockUnavailableError}.
 */
export abstract class Locks {
  /** Takes `name` for `ttlMs` unless someone holds it; returns the token that releases it. */
  abstract tryLock(name: string, ttlMs: number): Promise<string | null>;
  /** Releases `name` only if `token` still holds it. */
  abstract unlock(name: string, token: string): Promise<void>;

  /**
   * Runs `work` holding `name`, waiting for it at most `timing.waitMs`. The lock is released
   * whatever `work` does (a failed release only shortens nothing: the lock then expires).
   */
  async withLock<T>(name: string, timing: LockTiming, work: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + timing.waitMs;
    for (;;) {
      const token = await this.tryLock(name, timing.ttlMs);
      if (token !== null) {
        try {
          return await work();
        } finally {
          await this.unlock(name, token).catch(() => undefined);
        }
      }
      if (Date.now() >= deadline) throw new LockTimeoutError(name, timing.waitMs);
      await sleep(timing.pollMs ?? DEFAULT_POLL_MS);
    }
  }
}
