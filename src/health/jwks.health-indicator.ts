import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { JwksKeySet } from '@scalekit-nest/auth';

/**
 * Readiness of token verification: `up` with a fresh key set, `degraded` (still ready) when
 * the last refresh failed but known keys keep working, `down` when no key set was ever loaded.
 */
@Injectable()
export class JwksHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly keySet: JwksKeySet,
  ) {}

  check<const Key extends string>(key: Key) {
    const session = this.health.check(key);
    const { status, keyCount, loadedAt } = this.keySet.state();
    const data = { keySet: status, keys: keyCount, loadedAt: loadedAt?.toISOString() ?? null };
    if (status === 'ready') return session.up(data);
    if (status === 'stale') return session.degraded(data);
    // A probe is a good moment to try again; it never waits for the fetch.
    this.keySet.ensureLoading();
    return session.down(data);
  }
}
