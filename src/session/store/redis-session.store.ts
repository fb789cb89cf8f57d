import type { Redis } from 'ioredis';
import { withDeadline } from './deadline';
import { SessionOwners, SessionStore, StoredSession } from './session-store';

// Each writes one field of the session hash, and only while the session exists: a touch or a
// refresh racing a logout must not bring the session back as a half-written hash.
const UPDATE_FIELD_IF_EXISTS = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

/**
 * Sessions in Redis, shared by every instance. A session is a hash `{ d: sealed data, s: last
 * seen }` under `s:` with a TTL; a login attempt a string under `login:` taken with GETDEL
 * (single use across instances); the sessions of a user or of an identity-provider session in a
 * set under `owner:`. The service's one client puts `REDIS_KEY_PREFIX` in front of
 * both and closes itself at shutdown. Each call has a deadline, so a Redis outage answers 503 quickly.
 */
export class RedisSessionStore extends SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly timeoutMs: number,
  ) {
    super();
  }

  getSession(key: string): Promise<StoredSession | null> {
    return this.run('read session', async () => {
      const [sealed, seen] = await this.redis.hmget(this.sessionKey(key), 'd', 's');
      const seenAt = Number(seen);
      return sealed && Number.isFinite(seenAt) ? { sealed, seenAt } : null;
    });
  }

  createSession(
    key: string,
    session: StoredSession,
    ttlMs: number,
    owners?: SessionOwners,
  ): Promise<void> {
    return this.run('create session', async () => {
      const write = this.redis
        .multi()
        .hset(this.sessionKey(key), 'd', session.sealed, 's', String(session.seenAt))
        .pexpire(this.sessionKey(key), ttlMs);
      // Every session lives at most ownersTtlMs, so the newest one's bound covers the older ones.
      for (const owner of owners?.names ?? [])
        write.sadd(this.ownerKey(owner), key).pexpire(this.ownerKey(owner), owners?.ttlMs ?? ttlMs);
      await write.exec();
    });
  }

  endSessionsOf(owner: string): Promise<number> {
    return this.run('end sessions', async () => {
      const keys = await this.redis.smembers(this.ownerKey(owner));
      const write = this.redis.multi();
      for (const key of keys) write.del(this.sessionKey(key));
      const results = (await write.del(this.ownerKey(owner)).exec()) ?? [];
      // One DEL per session, then the owner's set: count the sessions that still existed.
      return results.slice(0, keys.length).filter(([, deleted]) => deleted === 1).length;
    });
  }

  updateSession(key: string, sealed: string, ttlMs: number): Promise<boolean> {
    return this.setField('update session', key, 'd', sealed, ttlMs);
  }

  touchSession(key: string, seenAt: number, ttlMs: number): Promise<boolean> {
    return this.setField('touch session', key, 's', String(seenAt), ttlMs);
  }

  deleteSession(key: string): Promise<void> {
    return this.run('delete session', async () => {
      await this.redis.del(this.sessionKey(key));
    });
  }

  putLoginAttempt(key: string, value: string, ttlMs: number): Promise<void> {
    return this.run('save login attempt', async () => {
      await this.redis.set(`login:${key}`, value, 'PX', ttlMs);
    });
  }

  takeLoginAttempt(key: string): Promise<string | null> {
    return this.run('take login attempt', () => this.redis.getdel(`login:${key}`));
  }

  markSeen(key: string, ttlMs: number): Promise<boolean> {
    return this.run('record a once-only value', async () => {
      // SET NX: one atomic step, so of two instances exactly one sees it first.
      return (await this.redis.set(`seen:${key}`, '1', 'PX', ttlMs, 'NX')) === 'OK';
    });
  }

  forgetSeen(key: string): Promise<void> {
    return this.run('forget a once-only value', async () => {
      await this.redis.del(`seen:${key}`);
    });
  }

  /** Nothing to do: the client belongs to RedisModule, which closes it. */
  close(): Promise<void> {
    return Promise.resolve();
  }

  private setField(
    what: string,
    key: string,
    field: string,
    value: string,
    ttlMs: number,
  ): Promise<boolean> {
    return this.run(what, async () => {
      const done = await this.redis.eval(
        UPDATE_FIELD_IF_EXISTS,
        1,
        this.sessionKey(key),
        field,
        value,
        ttlMs,
      );
      return done === 1;
    });
  }

  private ownerKey(owner: string): string {
    return `owner:${owner}`;
  }

  private sessionKey(key: string): string {
    return `s:${key}`;
  }

  private run<T>(what: string, operation: () => Promise<T>): Promise<T> {
    return withDeadline(what, this.timeoutMs, operation);
  }
}
