import { createHash, randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type {
  AuthorizationCodeRecord,
  BrowserSession,
  PendingAuthorization,
  RefreshTokenRecord,
} from './grant-records';

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

/**
 * In-memory grants: pending logins, codes, refresh tokens and browser sessions. They do not survive
 * a restart (a restart is a logout), unlike registered clients and the signing key.
 * Refresh tokens are kept by hash only, like secrets.
 */
export class GrantStore {
  readonly pending = grants<PendingAuthorization>();
  private readonly codes = grants<AuthorizationCodeRecord>();
  private readonly refreshTokens = grants<RefreshTokenRecord>();
  private readonly browserSessions = grants<BrowserSession>();
  private readonly revokedFamilies = new Set<string>();
  private readonly endedSessions = new Set<string>();

  constructor(
    private readonly codeTtlMs: number,
    private readonly refreshTtlMs: number,
  ) {}

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
  }

  isSessionEnded(sessionId: string): boolean {
    return this.endedSessions.has(sessionId);
  }

  startBrowserSession(session: BrowserSession): string {
    const cookieValue = randomToken();
    this.browserSessions.set(cookieValue, session, { ttl: BROWSER_SESSION_TTL_MS });
    return cookieValue;
  }

  findBrowserSession(cookieValue: string | undefined): BrowserSession | undefined {
    const session = cookieValue ? this.browserSessions.get(cookieValue) : undefined;
    return session && !this.endedSessions.has(session.sessionId) ? session : undefined;
  }

  /** Logout: the session's refresh tokens stop working and single sign-on no longer finds it. */
  endSession(sessionId: string): void {
    this.endedSessions.add(sessionId);
  }
}
