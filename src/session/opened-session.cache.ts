import { LRUCache } from 'lru-cache';
import type { SessionData } from './session-record';

interface Entry {
  readonly sealed: string;
  readonly data: SessionData;
}

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
  private readonly entries: LRUCache<string, Entry> | undefined;

  constructor(maxEntries: number) {
    this.entries = maxEntries > 0 ? new LRUCache({ max: maxEntries }) : undefined;
  }

  get(key: string, sealed: string): SessionData | undefined {
    const entry = this.entries?.get(key);
    if (!entry) return undefined;
    if (entry.sealed === sealed) return entry.data;
    this.entries?.delete(key);
    return undefined;
  }

  set(key: string, sealed: string, data: SessionData): void {
    this.entries?.set(key, { sealed, data });
  }

  delete(key: string): void {
    this.entries?.delete(key);
  }

  get size(): number {
    return this.entries?.size ?? 0;
  }
}
