/** A request holding the key is running; `token` identifies the holder, so only it may release. */
export interface PendingRecord {
  readonly state: 'pending';
  readonly fingerprint: string;
  readonly token: string;
}

/** The finished request: its response, sealed (encrypted) because it carries a plain secret. */
export interface CompletedRecord {
  readonly state: 'done';
  readonly fingerprint: string;
  readonly sealed: string;
}

export type IdempotencyRecord = PendingRecord | CompletedRecord;

/**
 * Where idempotency records live, behind one interface: in memory for a single instance, Redis
 * when several instances must agree. Ids are opaque (an HMAC of scope and key), values are
 * already encrypted; a store never sees a key or a plain secret.
 */
export abstract class IdempotencyStore {
  /**
   * Atomically stores `record` under `id` unless a record is there. Returns `null` when this
   * caller now holds the key, or the record found.
   */
  abstract claim(
    id: string,
    record: PendingRecord,
    ttlMs: number,
  ): Promise<IdempotencyRecord | null>;
  /** Replaces the pending record with the finished one, for `ttlMs`. */
  abstract complete(id: string, record: CompletedRecord, ttlMs: number): Promise<void>;
  abstract get(id: string): Promise<IdempotencyRecord | null>;
  /** Removes the pending record held under `token` (the request failed, a retry may run). */
  abstract release(id: string, token: string): Promise<void>;
}

/** Parses a stored record, refusing anything that is not one (a corrupted or foreign value). */
export function parseRecord(raw: string | null): IdempotencyRecord | null {
  if (raw === null) return null;
  const value: unknown = JSON.parse(raw);
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  if (typeof record.fingerprint !== 'string') return null;
  if (record.state === 'pending' && typeof record.token === 'string') {
    return { state: 'pending', fingerprint: record.fingerprint, token: record.token };
  }
  if (record.state === 'done' && typeof record.sealed === 'string') {
    return { state: 'done', fingerprint: record.fingerprint, sealed: record.sealed };
  }
  return null;
}
