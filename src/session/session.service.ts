import { Inject, Injectable, Logger } from '@nestjs/common';
import { OpenedSessionCache } from './opened-session.cache';
import { SESSION_SETTINGS } from './session.constants';
import { isSecretShaped, newSecret, seal, storeKeyOf, unseal } from './session-crypto';
import { Session, SessionData, sessionDataSchema } from './session-record';
import type { SessionSettings } from './session.settings';
import { SessionStore } from './store/session-store';

/**
 * Creates, loads, updates and ends sessions, applying the idle and absolute timeouts. The cookie
 * carries the session id; the store knows the session only by the id's hash and keeps its data
 * encrypted under a key derived from the id.
 */
@Injectable()
export class SessionService {
  private readonly logger = new Logger(SessionService.name);
  /** A few thousand sessions' data (a few KB each): the active users of one instance. */
  private readonly opened = new OpenedSessionCache(5_000);

  constructor(
    private readonly store: SessionStore,
    @Inject(SESSION_SETTINGS) private readonly settings: SessionSettings,
  ) {}

  /**
   * Starts a session under a new id (never one the browser sent: that is session fixation),
   * findable later by its user and by `sid`, the identity provider's session it came from.
   */
  async create(
    data: Omit<SessionData, 'csrfToken' | 'createdAt'>,
    identity: { readonly sid?: string } = {},
  ): Promise<Session> {
    const id = newSecret();
    const now = Date.now();
    const full: SessionData = { ...data, csrfToken: newSecret(), createdAt: now };
    const key = storeKeyOf(id);
    const sealed = seal(id, JSON.stringify(full));
    const owners = [
      ownerName('user', data.user.id),
      ...(identity.sid ? [ownerName('sid', identity.sid)] : []),
    ];
    await this.store.createSession(key, { sealed, seenAt: now }, this.ttl(full, now, now), {
      names: owners,
      ttlMs: this.settings.absoluteTimeoutMs,
    });
    this.opened.set(key, sealed, full);
    return { id, key, data: full, seenAt: now };
  }

  /** The live session of `id`, or `null` (unknown, unreadable, idle too long or too old). */
  async load(id: string | undefined): Promise<Session | null> {
    if (!isSecretShaped(id)) return null;
    const key = storeKeyOf(id);
    const stored = await this.store.getSession(key);
    if (!stored) return null;
    const data =
      this.opened.get(key, stored.sealed) ?? this.openAndRemember(id, key, stored.sealed);
    const now = Date.now();
    if (!data || this.ttl(data, stored.seenAt, now) <= 0) {
      this.opened.delete(key);
      await this.store.deleteSession(key);
      return null;
    }
    return { id, key, data, seenAt: stored.seenAt };
  }

  /** Replaces the session's data (after a refresh); `null` when the session ended meanwhile. */
  async update(session: Session, data: SessionData): Promise<Session | null> {
    const ttl = this.ttl(data, session.seenAt, Date.now());
    if (ttl <= 0) return null;
    const sealed = seal(session.id, JSON.stringify(data));
    const saved = await this.store.updateSession(session.key, sealed, ttl);
    if (!saved) {
      this.opened.delete(session.key);
      return null;
    }
    this.opened.set(session.key, sealed, data);
    return { ...session, data };
  }

  /**
   * Records activity for the idle timeout. Written at most every `idle/10` (and every minute at
   * most), so a busy page does not write on every request; the idle timeout is then enforced
   * up to that much early, never late.
   */
  async touch(session: Session): Promise<void> {
    const now = Date.now();
    const every = Math.min(60_000, this.settings.idleTimeoutMs / 10);
    if (now - session.seenAt < every) return;
    await this.store.touchSession(session.key, now, this.ttl(session.data, now, now));
  }

  async destroy(session: Pick<Session, 'key'>): Promise<void> {
    this.opened.delete(session.key);
    await this.store.deleteSession(session.key);
  }

  /**
   * Ends every session of a user (`subject`) or of an identity-provider session (`sid`), on
   * every instance sharing the store; returns how many ended.
   */
  async endSessionsOf(match: {
    readonly subject?: string;
    readonly sid?: string;
  }): Promise<number> {
    let ended = 0;
    if (match.subject) ended += await this.store.endSessionsOf(ownerName('user', match.subject));
    if (match.sid) ended += await this.store.endSessionsOf(ownerName('sid', match.sid));
    if (ended > 0) this.logger.log(`Ended ${ended} session(s) (${match.subject ? 'user' : 'sid'})`);
    return ended;
  }

  /** Ends the session of a cookie value, whatever state it is in (fixation defence at login). */
  async destroyById(id: string | undefined): Promise<void> {
    if (!isSecretShaped(id)) return;
    const key = storeKeyOf(id);
    this.opened.delete(key);
    await this.store.deleteSession(key);
  }

  /** Milliseconds left before the idle or the absolute timeout, whichever comes first. */
  private ttl(data: SessionData, seenAt: number, now: number): number {
    const idleEnd = seenAt + this.settings.idleTimeoutMs;
    const absoluteEnd = data.createdAt + this.settings.absoluteTimeoutMs;
    return Math.min(idleEnd, absoluteEnd) - now;
  }

  /** Opens the sealed data and caches it; a cache hit has already moved its entry to the front. */
  private openAndRemember(id: string, key: string, sealed: string): SessionData | undefined {
    const data = this.open(id, sealed);
    if (data) this.opened.set(key, sealed, data);
    return data;
  }

  private open(id: string, sealed: string): SessionData | undefined {
    const plaintext = unseal(id, sealed);
    if (plaintext === undefined) return undefined;
    try {
      const parsed = sessionDataSchema.safeParse(JSON.parse(plaintext));
      if (parsed.success) return parsed.data;
    } catch {
      // fall through: unreadable data is no session
    }
    this.logger.warn('Unreadable session data dropped');
    return undefined;
  }
}

/** The store's name for the sessions of a user or of an IdP session: a hash, like every store key. */
function ownerName(kind: 'user' | 'sid', value: string): string {
  return storeKeyOf(`${kind}:${value}`);
}
