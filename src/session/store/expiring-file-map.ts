import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

interface Entry<T> {
  value: T;
  expiresAt: number;
}

const KEY = /^[A-Za-z0-9_-]{1,128}$/;
/** A temporary file this old is a leftover of a crash, not a write in progress. */
const STALE_TEMP_MS = 60_000;

function isStale(file: string, now: number): boolean {
  try {
    return now - statSync(file).mtimeMs > STALE_TEMP_MS;
  } catch {
    return false;
  }
}

/**
 * A bounded map with per-entry expiry, kept in memory and mirrored to one file per entry in
 * `dir`, so it survives a restart. Reads come from memory; every change is written to disk
 * (atomically: a temporary file renamed over the old one) before the returned promise settles.
 *
 * Writes of one key are chained, and each write stores the entry as it is *when the write runs*,
 * so the file always ends with the latest state even when two changes race.
 *
 * Written by hand rather than on lru-cache (the service's cache library): the hard part here is
 * the ordered, awaited file writes per key, which a cache's eviction callbacks cannot await.
 */
export class ExpiringFileMap<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly writes = new Map<string, Promise<void>>();

  constructor(
    private readonly dir: string,
    private readonly maxEntries: number,
    private readonly isValue: (raw: unknown) => raw is T,
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.load(Date.now());
  }

  get(key: string, now = Date.now()): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > now) return entry.value;
    this.drop(key);
    return undefined;
  }

  async set(key: string, value: T, ttlMs: number): Promise<void> {
    if (!KEY.test(key)) throw new TypeError('invalid store key');
    if (!this.entries.has(key)) this.makeRoom();
    this.entries.set(key, { value, expiresAt: Date.now() + ttlMs });
    await this.persist(key);
  }

  async delete(key: string): Promise<void> {
    if (!this.entries.delete(key)) return;
    await this.persist(key);
  }

  /** Drops every expired entry (memory and disk). */
  async sweep(now = Date.now()): Promise<void> {
    const expired = [...this.entries].filter(([, e]) => e.expiresAt <= now).map(([k]) => k);
    await Promise.all(expired.map((key) => this.delete(key)));
  }

  get size(): number {
    return this.entries.size;
  }

  /** Waits for every pending write (shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.writes.values()]);
  }

  /** Full: the entry inserted first (the oldest) makes room; a Map iterates in insertion order. */
  private makeRoom(): void {
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) return;
      this.drop(oldest);
    }
  }

  private drop(key: string): void {
    this.entries.delete(key);
    void this.persist(key).catch(() => undefined);
  }

  private persist(key: string): Promise<void> {
    const previous = this.writes.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.writeCurrent(key));
    this.writes.set(key, next);
    void next
      .finally(() => {
        if (this.writes.get(key) === next) this.writes.delete(key);
      })
      .catch(() => undefined);
    return next;
  }

  private async writeCurrent(key: string): Promise<void> {
    const file = join(this.dir, `${key}.json`);
    const entry = this.entries.get(key);
    if (!entry) {
      await unlink(file).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
      return;
    }
    const temp = join(this.dir, `.${key}.${randomBytes(6).toString('hex')}.tmp`);
    await writeFile(temp, JSON.stringify(entry), { mode: 0o600 });
    await rename(temp, file);
  }

  /**
   * Reads what a previous process left; expired and unreadable entries are removed, and so are
   * temporary files old enough to be leftovers of a crash. Entries are inserted soonest-expiring first, so eviction still drops the oldest.
   */
  private load(now: number): void {
    const found: [string, Entry<T>][] = [];
    for (const name of readdirSync(this.dir)) {
      const file = join(this.dir, name);
      const key = name.endsWith('.json') ? name.slice(0, -'.json'.length) : '';
      const entry = KEY.test(key) ? this.readEntry(file) : undefined;
      if (entry && entry.expiresAt > now) found.push([key, entry]);
      else if (KEY.test(key) || isStale(file, now)) rmSync(file, { force: true });
    }
    found.sort(([, a], [, b]) => a.expiresAt - b.expiresAt);
    for (const [key, entry] of found.slice(-this.maxEntries)) this.entries.set(key, entry);
  }

  private readEntry(file: string): Entry<T> | undefined {
    try {
      const raw = JSON.parse(readFileSync(file, 'utf8')) as {
        value?: unknown;
        expiresAt?: unknown;
      };
      if (typeof raw.expiresAt !== 'number' || !this.isValue(raw.value)) return undefined;
      return { value: raw.value, expiresAt: raw.expiresAt };
    } catch {
      return undefined;
    }
  }
}
