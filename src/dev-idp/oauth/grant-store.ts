import { createHash, randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type {
  AuthorizationCodeRecord,
  BrowserSession,
  PendingAuthorization,
  RefreshTokenRecord,
} from './grant-records';
import { readJsonFile, writeJsonFile } from '../store/json-file';
import { GrantFile, grantFileSchema } from './grant-file';

const PENDING_TTL_MS = 10 * 60_000;
const BROWSER_SESSION_TTL_MS = 8 * 3600_000;
/** Per kind of grant: a flood of logins evicts the oldest instead of growing without bound. */
const MAX_GRANTS = 100_000;

/** Entries expire after the TTL given to each `set` (expired ones read as absent). */
const grants = <V extends object>() => new LRUCache<string, V>({ max: MAX_GRANTS });

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

const digest = (token: string): string => createHash('sha256').update(token).digest('base64url');

/** Changes are written this long after the first one, together. */
const SAVE_DELAY_MS = 50;

/**
 * Grants: pending logins and codes in memory; refresh tokens, browser sessions, revoked families
 * and ended sessions also in `file` (when given), so a browser signed in before a restart of
 * `npm start` stays signed in after it, as it would against Scalekit. Refresh tokens and
 * browser-session cookies are kept by hash only, like secrets.
 */
export class GrantStore {
  readonly pending = grants<PendingAuthorization>();
  private readonly codes = grants<AuthorizationCodeRecord>();
  private readonly refreshTokens = grants<RefreshTokenRecord>();
  private readonly browserSessions = grants<BrowserSession>();
  private readonly revokedFamilies = new Set<string>();
  private readonly endedSessions = new Set<string>();
  private saveTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly codeTtlMs: number,
    private readonly refreshTtlMs: number,
    private readonly file?: string,
  ) {
    const saved = file ? readJsonFile(file, grantFileSchema) : undefined;
    if (!saved) return;
    this.refreshTokens.load(saved.refreshTokens);
    this.browserSessions.load(saved.browserSessions);
    for (const family of saved.revokedFamilies) this.revokedFamilies.add(family);
    for (const session of saved.endedSessions) this.endedSessions.add(session);
  }

  /** Writes pending changes now (at stop). */
  flush(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.file) return;
    const contents: GrantFile = {
      refreshTokens: this.refreshTokens.dump(),
      browserSessions: this.browserSessions.dump(),
      revokedFamilies: [...this.revokedFamilies],
      endedSessions: [...this.endedSessions],
    };
    writeJsonFile(this.file, contents);
  }

  /** A refresh token was used (rotation): kept as used, so a replay after a restart still revokes. */
  markUsed(record: RefreshTokenRecord): void {
    record.used = true;
    this.changed();
  }

  private changed(): void {
    if (!this.file || this.saveTimer) return;
    this.saveTimer = setTimeout(() => this.flush(), SAVE_DELAY_MS);
    this.saveTimer.unref();
  }

  addPending(request: PendingAuthorization): string {
    const id = randomToken();
    this.pending.set(id, request, { ttl: PENDING_TTL_MS });
    return id;
  }

  addCode(record: AuthorizationCodeRecord): string {
    const code = randomToken();
    this.codes.set(code, record, { ttl: this.codeTtlMs });
    return code;
  }

  findCode(code: string): AuthorizationCodeRecord | undefined {
    return this.codes.get(code);
  }

  issueRefreshToken(record: Omit<RefreshTokenRecord, 'used'>): string {
    const token = randomToken();
    this.refreshTokens.set(digest(token), { ...record, used: false }, { ttl: this.refreshTtlMs });
    this.changed();
    return token;
  }

  /** The live record for a refresh token, or undefined when unknown, expired or revoked. */
  findRefreshToken(token: string): RefreshTokenRecord | undefined {
    const record = this.refreshTokens.get(digest(token));
    if (
      !record ||
      this.revokedFamilies.has(record.familyId) ||
      this.endedSessions.has(record.sessionId)
    )
      return undefined;
    return record;
  }

  revokeFamily(familyId: string): void {
    this.revokedFamilies.add(familyId);
    this.changed();
  }

  isSessionEnded(sessionId: string): boolean {
    return this.endedSessions.has(sessionId);
  }

  startBrowserSession(session: BrowserSession): string {
    const cookieValue = randomToken();
    this.browserSessions.set(digest(cookieValue), session, { ttl: BROWSER_SESSION_TTL_MS });
    this.changed();
    return cookieValue;
  }

  findBrowserSession(cookieValue: string | undefined): BrowserSession | undefined {
    const session = cookieValue ? this.browserSessions.get(digest(cookieValue)) : undefined;
    return session && !this.endedSessions.has(session.sessionId) ? session : undefined;
  }

  /** Logout: the session's refresh tokens stop working and single sign-on no longer finds it. */
  endSession(sessionId: string): void {
    this.endedSessions.add(sessionId);
    this.changed();
  }
}
