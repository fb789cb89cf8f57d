/** A session as the store keeps it: the sealed (encrypted) data and when it was last used. */
export interface StoredSession {
  readonly sealed: string;
  /** Milliseconds since the epoch. */
  readonly seenAt: number;
}

/** What a session is found by besides its key, and for how long that is remembered. */
export interface SessionOwners {
  readonly names: readonly string[];
  readonly ttlMs: number;
}

/** Sessions remembered per owner at most: a user signing in from more places loses the oldest from the index. */
export const MAX_SESSIONS_PER_OWNER = 100;

/**
 * Where sessions, login attempts and once-only values live (refresh locks are the service's `Locks`, src/locks). Keys are already hashes of the secrets
 * (session id, OAuth state): the store never sees a cookie value. Every method either succeeds
 * or throws {@link SessionStoreUnavailableError}, within a bounded time.
 *
 * The session's data and its last-seen time are written separately (`updateSession`,
 * `touchSession`) so that a request touching the session can never write back tokens that a
 * concurrent refresh has just replaced.
 */
export abstract class SessionStore {
  abstract getSession(key: string): Promise<StoredSession | null>;
  /**
   * Stores a new session. `owners` name it for {@link endSessionsOf} (hashes of its user and of
   * its identity-provider session id), each remembered for `ownersTtlMs`, the longest a session
   * of theirs can live.
   */
  abstract createSession(
    key: string,
    session: StoredSession,
    ttlMs: number,
    owners?: SessionOwners,
  ): Promise<void>;
  /** Replaces the data of a session that still exists; `false` when it is gone (logged out). */
  abstract updateSession(key: string, sealed: string, ttlMs: number): Promise<boolean>;
  /** Records use of a session that still exists, extending its expiry; `false` when it is gone. */
  abstract touchSession(key: string, seenAt: number, ttlMs: number): Promise<boolean>;
  abstract deleteSession(key: string): Promise<void>;
  /**
   * Ends every session created with `owner` among its owners (a user signed out everywhere or
   * deleted, an identity-provider session ended); returns how many were still there.
   */
  abstract endSessionsOf(owner: string): Promise<number>;

  abstract putLoginAttempt(key: string, value: string, ttlMs: number): Promise<void>;
  /** Returns and removes the attempt in one step, so a state can be used only once. */
  abstract takeLoginAttempt(key: string): Promise<string | null>;

  /**
   * Records a value that may be used once (a token's `jti`, a webhook's id) for `ttlMs`: `true`
   * the first time, `false` while it is still recorded, i.e. a replay. Atomic, so of two
   * instances receiving the same value at once exactly one gets `true`.
   */
  abstract markSeen(key: string, ttlMs: number): Promise<boolean>;
  /** Forgets a value {@link markSeen} recorded, when the work it guarded failed and may be retried. */
  abstract forgetSeen(key: string): Promise<void>;

  abstract close(): Promise<void>;
}
