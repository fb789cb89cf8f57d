import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { AUTH_SETTINGS } from '../auth.constants';
import type { AuthSettings } from '../auth-options';
import { KeySetUnavailableError } from '../errors';
import { fetchVerificationKeys, VerificationKey } from './jwks-fetcher';

/** What one key set needs: where the keys are and how often it may ask for them. */
export type KeySetSettings = Pick<
  AuthSettings,
  'jwksUri' | 'jwksTimeoutMs' | 'jwksCooldownMs' | 'jwksMaxAgeMs'
>;

/** The first retry after a failed fetch; each further failure in a row doubles it. */
const FIRST_RETRY_MS = 250;

/** `ready`: keys loaded, last fetch fine. `stale`: keys loaded, last fetch failed (still usable). */
export type KeySetStatus = 'empty' | 'loading' | 'ready' | 'stale' | 'unavailable';

export interface KeySetState {
  readonly status: KeySetStatus;
  readonly keyCount: number;
  /** JWKS fetches attempted since start (the benchmark reports it). */
  readonly fetches: number;
  readonly loadedAt: Date | undefined;
}

/**
 * The issuer's verification keys, by `kid`. Loaded at start, refreshed when a token names an
 * unknown `kid` (at most once per cooldown; concurrent misses share the one fetch) and in the
 * background when older than the max age. A failed fetch never drops known keys.
 */
@Injectable()
export class JwksKeySet implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(JwksKeySet.name);
  private keys = new Map<string, VerificationKey>();
  private loadedAt: number | undefined;
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  private lastAttemptFailed = false;
  private lastFailureAt = 0;
  /** Failed fetches in a row: the retry delay doubles with each (see {@link retryDelayMs}). */
  private consecutiveFailures = 0;
  private inflight: Promise<void> | undefined;
  private fetches = 0;
  private readonly shutdown = new AbortController();
  private readonly removalListeners: ((kid: string) => void)[] = [];

  constructor(@Inject(AUTH_SETTINGS) private readonly settings: KeySetSettings) {}

  onApplicationBootstrap(): void {
    // Warm the key set so the first request does not wait; failure only makes readiness report it.
    void this.refresh();
  }

  onModuleDestroy(): void {
    this.shutdown.abort();
  }

  /** Called with each `kid` that disappears or whose key changes, so derived caches can forget it. */
  onKeyRemoved(listener: (kid: string) => void): void {
    this.removalListeners.push(listener);
  }

  /**
   * The key for `kid`, or `undefined` when the key set (after a refetch if allowed) does not
   * have it. Throws {@link KeySetUnavailableError} only when no key set was ever loaded.
   */
  async getKey(kid: string): Promise<VerificationKey | undefined> {
    const known = this.keys.get(kid);
    if (known) {
      this.refreshIfStale(Date.now());
      return known;
    }
    if (this.inflight) {
      await this.inflight;
    } else if (this.loadedAt === undefined) {
      await this.loadCold();
    } else if (Date.now() - this.lastAttemptAt >= this.settings.jwksCooldownMs) {
      await this.refresh();
    }
    if (this.loadedAt === undefined)
      throw new KeySetUnavailableError(this.retryAfterSec(), 'JWKS never loaded');
    return this.keys.get(kid);
  }

  state(): KeySetState {
    const loaded = this.loadedAt !== undefined;
    let status: KeySetStatus;
    if (loaded) status = this.lastAttemptFailed ? 'stale' : 'ready';
    else if (this.inflight) status = 'loading';
    else status = this.lastAttemptFailed ? 'unavailable' : 'empty';
    return {
      status,
      keyCount: this.keys.size,
      fetches: this.fetches,
      loadedAt: loaded ? new Date(this.loadedAt ?? 0) : undefined,
    };
  }

  /** Starts a load when none was ever had and none is due to wait (readiness probes call it). */
  ensureLoading(): void {
    if (this.loadedAt === undefined && !this.inflight && this.retryDelayLeftMs() === 0)
      void this.refresh();
  }

  private async loadCold(): Promise<void> {
    // Without this wait every request would hit a JWKS that is down.
    if (this.lastAttemptFailed && this.retryDelayLeftMs() > 0) return;
    await this.refresh();
  }

  /**
   * Starts a background refresh when the key set is older than its max age (and the cooldown
   * allows a fetch); never waits for it. Cheap enough for every request: a few comparisons.
   */
  refreshIfStale(nowMs: number): void {
    if (
      this.inflight ||
      this.loadedAt === undefined ||
      nowMs - this.loadedAt < this.settings.jwksMaxAgeMs ||
      nowMs - this.lastAttemptAt < this.settings.jwksCooldownMs
    )
      return;
    void this.refresh();
  }

  private refresh(): Promise<void> {
    this.inflight ??= this.fetchNow().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async fetchNow(): Promise<void> {
    this.lastAttemptAt = Date.now();
    this.fetches++;
    const { jwksUri, jwksTimeoutMs } = this.settings;
    try {
      this.replaceKeys(await fetchVerificationKeys(jwksUri, jwksTimeoutMs, this.shutdown.signal));
      this.loadedAt = Date.now();
      this.lastAttemptFailed = false;
      this.consecutiveFailures = 0;
    } catch (error: unknown) {
      this.lastAttemptFailed = true;
      this.consecutiveFailures++;
      this.lastFailureAt = Date.now();
      if (this.shutdown.signal.aborted) return;
      const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.logger.warn(`JWKS fetch from ${jwksUri} failed (${why}); known keys stay in use`);
    }
  }

  private replaceKeys(fresh: readonly VerificationKey[]): void {
    const next = new Map(fresh.map((key) => [key.kid, key]));
    for (const [kid, old] of this.keys) {
      const current = next.get(kid);
      if (!current || !current.publicKey.equals(old.publicKey)) {
        for (const listener of this.removalListeners) listener(kid);
      }
    }
    this.keys = next;
  }

  /**
   * After a failed fetch, the next may start after 250 ms, doubling with each failure in a row up
   * to the cooldown: a JWKS that comes back is noticed within a second or so, one that stays
   * down is asked at most once per cooldown. Still one fetch in flight at a time.
   */
  private retryDelayMs(): number {
    const doublings = Math.min(this.consecutiveFailures - 1, 30);
    return Math.min(this.settings.jwksCooldownMs, FIRST_RETRY_MS * 2 ** Math.max(0, doublings));
  }

  private retryDelayLeftMs(): number {
    if (!this.lastAttemptFailed) return 0;
    return Math.max(0, this.lastFailureAt + this.retryDelayMs() - Date.now());
  }

  private retryAfterSec(): number {
    return Math.max(1, Math.ceil(this.retryDelayLeftMs() / 1000));
  }
}
