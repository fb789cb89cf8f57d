import type { Principal } from '../principal';

interface Entry {
  readonly principal: Principal;
  readonly kid: string;
  /** `exp` in milliseconds: the entry is never served at or after it. */
  readonly expiresAtMs: number;
}

/**
 * Remembers principals of tokens whose signature and claims were checked, keyed by a hash of the
 * whole token, so a client reusing its token costs a hash and a map lookup instead of a
 * signature verification. Least-recently-used eviction (a Map keeps insertion order), bounded
 * size, never past `exp`, and entries signed by a key that left the key set are dropped.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(hash: string, nowMs: number): Principal | undefined {
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    this.entries.delete(hash);
    if (nowMs >= entry.expiresAtMs) return undefined;
    this.entries.set(hash, entry);
    return entry.principal;
  }

  set(hash: string, principal: Principal, kid: string): void {
    if (this.capacity <= 0) return;
    this.entries.delete(hash);
    this.entries.set(hash, { principal, kid, expiresAtMs: principal.expiresAt * 1000 });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  /** Forgets every token signed with `kid` (the key was removed or replaced). */
  dropKid(kid: string): void {
    for (const [hash, entry] of this.entries) if (entry.kid === kid) this.entries.delete(hash);
  }
}
