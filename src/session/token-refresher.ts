import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuthError, type Principal } from '@scalekit-nest/auth';
import { LockUnavailableError } from '../locks/lock.errors';
import { Locks } from '../locks/locks';
import {
  ScalekitInvalidGrantError,
  ScalekitInvalidResponseError,
} from '../scalekit/scalekit.errors';
import { ScalekitPort } from '../scalekit/scalekit.port';
import type { TokenSet } from '../scalekit/scalekit.types';
import { IdentityProviderResponseError, IdentityProviderUnavailableError } from './session.errors';
import { SESSION_SETTINGS } from './session.constants';
import { SessionPrincipalFactory } from './session-principal.factory';
import type { Session, SessionData } from './session-record';
import { SessionService } from './session.service';
import type { SessionSettings } from './session.settings';
import { SingleFlight } from './single-flight';
import { SessionStoreUnavailableError } from './store/session-store-unavailable.error';

const POLL_MS = 50;

/**
 * What a refresh did. `unchanged` keeps a session whose token is still valid: it had no refresh
 * token, or the provider was down or answered out of protocol (`because` says which).
 */
export type RefreshOutcome =
  | { readonly status: 'refreshed'; readonly session: Session }
  | {
      readonly status: 'unchanged';
      readonly session: Session;
      readonly because:
        'no_refresh_token' | 'identity_provider_unavailable' | 'invalid_idp_response';
    }
  | { readonly status: 'ended' };

const ENDED: RefreshOutcome = { status: 'ended' };

/**
 * Keeps a session's access token fresh. Refresh tokens rotate (the IdP accepts each one once and
 * revokes the family on reuse), so a session must be refreshed exactly once however many of its
 * requests arrive together: requests in this process share one refresh (single flight), and
 * instances sharing a store take a short lock (the service's {@link Locks}, in the same Redis);
 * whoever does not get the lock waits for the new token to appear in the store.
 */
@Injectable()
export class TokenRefresher {
  private readonly logger = new Logger(TokenRefresher.name);
  private readonly flights = new SingleFlight<RefreshOutcome>();
  /** Refresh calls made to Scalekit (the tests read it). */
  refreshCalls = 0;

  constructor(
    private readonly scalekit: ScalekitPort,
    private readonly sessions: SessionService,
    private readonly locks: Locks,
    private readonly principals: SessionPrincipalFactory,
    @Inject(SESSION_SETTINGS) private readonly settings: SessionSettings,
  ) {}

  needsRefresh(session: Session, now = Date.now()): boolean {
    return session.data.tokens.expiresAt - now < this.settings.refreshLeewayMs;
  }

  /** The session with a usable access token, or `null` when the session had to end. */
  async ensureFresh(session: Session): Promise<Session | null> {
    if (!this.needsRefresh(session)) return session;
    const outcome = await this.refresh(session);
    return outcome.status === 'ended' ? null : outcome.session;
  }

  /** Refreshes now (unless another request just did), and says what happened. */
  refresh(session: Session): Promise<RefreshOutcome> {
    return this.flights.run(session.key, () => this.refreshOnce(session));
  }

  private async refreshOnce(seen: Session): Promise<RefreshOutcome> {
    const lockName = `refresh:${seen.key}`;
    const deadline = Date.now() + this.settings.refreshLockMs;
    for (;;) {
      const lock = await this.tryLock(lockName);
      if (lock) {
        try {
          return await this.refreshLocked(seen);
        } finally {
          await this.locks.unlock(lockName, lock).catch(() => undefined);
        }
      }
      // Another instance is refreshing: its new token will show up in the store.
      await sleep(POLL_MS);
      const current = await this.sessions.load(seen.id);
      if (!current) return ENDED;
      if (isNewer(current, seen)) return { status: 'refreshed', session: current };
      if (Date.now() > deadline)
        throw new IdentityProviderUnavailableError('refresh lock not released');
    }
  }

  /** The lock lives in the session store's Redis: its outage is the store's (503 on session routes). */
  private async tryLock(name: string): Promise<string | null> {
    try {
      return await this.locks.tryLock(name, this.settings.refreshLockMs);
    } catch (error: unknown) {
      if (error instanceof LockUnavailableError)
        throw new SessionStoreUnavailableError(error.message);
      throw error;
    }
  }

  private async refreshLocked(seen: Session): Promise<RefreshOutcome> {
    const current = await this.sessions.load(seen.id);
    if (!current) return ENDED;
    // Refreshed by another request or instance between our read and the lock: nothing to do.
    if (isNewer(current, seen)) return { status: 'refreshed', session: current };
    const { refreshToken, expiresAt } = current.data.tokens;
    const stillValid = expiresAt > Date.now();
    if (!refreshToken) {
      if (!stillValid) return this.end(current, 'no refresh token');
      return { status: 'unchanged', session: current, because: 'no_refresh_token' };
    }
    this.refreshCalls++;
    let tokens: TokenSet;
    try {
      tokens = await this.scalekit.refresh(refreshToken);
    } catch (error: unknown) {
      return this.refreshFailed(current, error, stillValid);
    }
    let principal: Principal;
    try {
      principal = await this.principals.fromAccessToken(tokens.accessToken);
    } catch (error: unknown) {
      if (error instanceof AuthError && error.getStatus() === 401)
        return this.end(current, 'refreshed token refused');
      throw error;
    }
    const updated = await this.sessions.update(current, refreshedData(current, tokens, principal));
    return updated ? { status: 'refreshed', session: updated } : ENDED;
  }

  /** The provider refused the refresh token (the session ends) or could not answer. */
  private async refreshFailed(
    current: Session,
    error: unknown,
    stillValid: boolean,
  ): Promise<RefreshOutcome> {
    if (error instanceof ScalekitInvalidGrantError)
      return this.end(current, `refresh refused (${error.oauthError})`);
    const broken = error instanceof ScalekitInvalidResponseError;
    const reason = `refresh failed: ${error instanceof Error ? error.message : String(error)}`;
    if (broken) this.logger.warn(reason);
    // The current token is still good for a while, so keep using it; the refresh token too,
    // since nothing says the provider consumed it.
    if (stillValid)
      return {
        status: 'unchanged',
        session: current,
        because: broken ? 'invalid_idp_response' : 'identity_provider_unavailable',
      };
    if (broken) throw new IdentityProviderResponseError(reason);
    throw new IdentityProviderUnavailableError(reason);
  }

  private async end(session: Session, reason: string): Promise<RefreshOutcome> {
    this.logger.debug(`Session ended: ${reason}`);
    await this.sessions.destroy(session);
    return ENDED;
  }
}

/**
 * Whether the store holds other tokens than the ones this refresh started from. The refresh token
 * is compared too: it rotates on every refresh, while two access tokens minted in the same second
 * for the same grant can be byte-identical.
 */
function isNewer(current: Session, seen: Session): boolean {
  const now = current.data.tokens;
  const then = seen.data.tokens;
  return now.accessToken !== then.accessToken || now.refreshToken !== then.refreshToken;
}

/** The session's data after a refresh: the new tokens, and the roles and permissions they carry. */
function refreshedData(current: Session, tokens: TokenSet, principal: Principal): SessionData {
  const { refreshToken, idToken } = current.data.tokens;
  return {
    ...current.data,
    tokens: {
      accessToken: tokens.accessToken,
      // No refresh_token in the answer: keep using the one we have (RFC 6749 section 6).
      refreshToken: tokens.refreshToken ?? refreshToken,
      idToken: tokens.idToken ?? idToken,
      expiresAt: principal.expiresAt * 1000,
    },
    roles: [...principal.roles],
    permissions: [...principal.permissions],
  };
}
