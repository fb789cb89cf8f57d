import { join } from 'node:path';
import { ExpiringFileMap } from './expiring-file-map';
import {
  MAX_SESSIONS_PER_OWNER,
  SessionOwners,
  SessionStore,
  StoredSession,
} from './session-store';
import { SessionStoreUnavailableError } from './session-store-unavailable.error';

const SWEEP_INTERVAL_MS = 60_000;

function isStoredSession(raw: unknown): raw is StoredSession {
  const value = raw as Partial<StoredSession> | null;
  return typeof value?.sealed === 'string' && typeof value.seenAt === 'number';
}

const isString = (raw: unknown): raw is string => typeof raw === 'string';
const isStringList = (raw: unknown): raw is string[] => Array.isArray(raw) && raw.every(isString);

/**
 * The embedded store: files under `dataDir` (sessions/, logins/, seen/ and owners/), so `npm start` needs no
 * database and sessions survive a restart. One process only: several instances need Redis.
 */
export class FileSessionStore extends SessionStore {
  private readonly sessions: ExpiringFileMap<StoredSession>;
  private readonly logins: ExpiringFileMap<string>;
  private readonly seen: ExpiringFileMap<true>;
  private readonly owners: ExpiringFileMap<string[]>;
  private readonly sweeper: NodeJS.Timeout;

  constructor(dataDir: string, maxEntries: number) {
    super();
    this.sessions = new ExpiringFileMap(join(dataDir, 'sessions'), maxEntries, isStoredSession);
    this.logins = new ExpiringFileMap(join(dataDir, 'logins'), maxEntries, isString);
    this.seen = new ExpiringFileMap(join(dataDir, 'seen'), maxEntries, (raw) => raw === true);
    this.owners = new ExpiringFileMap(join(dataDir, 'owners'), maxEntries, isStringList);
    this.sweeper = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  getSession(key: string): Promise<StoredSession | null> {
    return Promise.resolve(this.sessions.get(key) ?? null);
  }

  async createSession(
    key: string,
    session: StoredSession,
    ttlMs: number,
    owners?: SessionOwners,
  ): Promise<void> {
    await this.guard('create session', () => this.sessions.set(key, session, ttlMs));
    for (const owner of owners?.names ?? []) {
      // Keys of sessions that ended on their own are dropped as the list is rewritten.
      const live = (this.owners.get(owner) ?? []).filter((k) => this.sessions.get(k));
      const keys = [...live, key].slice(-MAX_SESSIONS_PER_OWNER);
      await this.guard('index session', () => this.owners.set(owner, keys, owners?.ttlMs ?? ttlMs));
    }
  }

  async endSessionsOf(owner: string): Promise<number> {
    const keys = this.owners.get(owner) ?? [];
    const live = keys.filter((k) => this.sessions.get(k) !== undefined);
    await this.guard('end sessions', async () => {
      await Promise.all(live.map((k) => this.sessions.delete(k)));
      await this.owners.delete(owner);
    });
    return live.length;
  }

  async updateSession(key: string, sealed: string, ttlMs: number): Promise<boolean> {
    const current = this.sessions.get(key);
    if (!current) return false;
    await this.guard('update session', () => this.sessions.set(key, { ...current, sealed }, ttlMs));
    return true;
  }

  async touchSession(key: string, seenAt: number, ttlMs: number): Promise<boolean> {
    const current = this.sessions.get(key);
    if (!current) return false;
    await this.guard('touch session', () => this.sessions.set(key, { ...current, seenAt }, ttlMs));
    return true;
  }

  deleteSession(key: string): Promise<void> {
    return this.guard('delete session', () => this.sessions.delete(key));
  }

  putLoginAttempt(key: string, value: string, ttlMs: number): Promise<void> {
    return this.guard('save login attempt', () => this.logins.set(key, value, ttlMs));
  }

  async takeLoginAttempt(key: string): Promise<string | null> {
    // Read and delete in the same tick: no other request can take the attempt in between.
    const value = this.logins.get(key);
    if (value === undefined) return null;
    await this.guard('take login attempt', () => this.logins.delete(key));
    return value;
  }

  async markSeen(key: string, ttlMs: number): Promise<boolean> {
    // The check and the in-memory write happen in one tick (set writes memory before its first
    // await): a second request for the same key always finds the first one's entry.
    if (this.seen.get(key) !== undefined) return false;
    await this.guard('record a once-only value', () => this.seen.set(key, true, ttlMs));
    return true;
  }

  forgetSeen(key: string): Promise<void> {
    return this.guard('forget a once-only value', () => this.seen.delete(key));
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([
      this.sessions.flush(),
      this.logins.flush(),
      this.seen.flush(),
      this.owners.flush(),
    ]);
  }

  private async sweep(): Promise<void> {
    await Promise.all([
      this.sessions.sweep(),
      this.logins.sweep(),
      this.seen.sweep(),
      this.owners.sweep(),
    ]).catch(() => undefined);
  }

  /** A full disk or a permission problem is an outage of the store, answered with 503. */
  private async guard<T>(what: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error: unknown) {
      throw new SessionStoreUnavailableError(
        `${what}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
