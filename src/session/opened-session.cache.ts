import type { SessionData } from './session-record';

/**
 * Remembers the decrypted data of recently used sessions, so a signed-in request does not pay
 * for key derivation, AES-GCM, JSON parsing and schema validation every time (together most of
 * what a session costs over a public route).
 *
 * An entry is used only while the store still holds the very same sealed value: any change made
 * by this or another instance (a refresh, a logout) makes the entry miss, and the data is opened
 * again. It is found by the store key, the hash of the cookie, so only the cookie's holder can
 * reach it. Bounded; the least recently used entry goes first.
 */
export class OpenedSessionCache {
  private readonly entries = new Map<
    string,
    { readonly sealed: string; readonly data: SessionData }
  >();

  constructor(private readonly maxEntries: number) {}

  get(key: string, sealed: string): SessionData | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.sealed !== sealed) {
      this.entries.delete(key);
      return undefined;
    }
    // Re-inserting moves the entry to the end of the Map's order: the most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.data;
  }

  set(key: string, sealed: string, data: SessionData): void {
    if (this.maxEntries <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { sealed, data });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
