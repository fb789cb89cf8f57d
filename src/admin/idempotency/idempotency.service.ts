import { HttpStatus, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AdminHttpError } from '../errors/admin-http.error';
import { requestFingerprint } from './canonical-json';
import { IdempotencyStore, PendingRecord } from './idempotency.store';
import { ResponseSealer } from './response-sealer';

export interface IdempotencySettings {
  /** How long a finished response can be replayed. Short on purpose: it holds a plain secret. */
  readonly ttlMs: number;
  /** How long a claim lives if its holder dies; longer than one upstream call can take. */
  readonly pendingTtlMs: number;
  /** How long a duplicate waits for the first request (held by another instance) to finish. */
  readonly waitMs: number;
  readonly pollMs: number;
}

/** Who asks (principal + organization), with which key, for which operation and body. */
export interface IdempotentRequest {
  readonly scope: string;
  readonly key: string;
  readonly operation: string;
  readonly body: unknown;
}

export interface IdempotentResult<T> {
  readonly value: T;
  readonly replayed: boolean;
}

interface InFlight {
  readonly fingerprint: string;
  readonly promise: Promise<unknown>;
}

const keyReused = (): AdminHttpError =>
  new AdminHttpError(
    HttpStatus.UNPROCESSABLE_ENTITY,
    'idempotency_key_reused',
    'This Idempotency-Key was already used with a different request',
  );

/**
 * Runs a creating operation at most once per (scope, Idempotency-Key): a retry with the same body
 * gets the first response back, a different body 422, a concurrent duplicate waits for the first
 * (in this process through a shared promise, across instances through the store's atomic claim).
 * A failed attempt releases the key so the client can retry; nothing failed is replayed.
 */
export class IdempotencyService {
  private readonly logger = new Logger(IdempotencyService.name);
  private readonly inFlight = new Map<string, InFlight>();

  constructor(
    private readonly store: IdempotencyStore,
    private readonly sealer: ResponseSealer,
    private readonly settings: IdempotencySettings,
  ) {}

  async run<T>(
    request: IdempotentRequest,
    operation: () => Promise<T>,
  ): Promise<IdempotentResult<T>> {
    const id = this.sealer.recordId(request.scope, request.key);
    const fingerprint = requestFingerprint(request.operation, request.body);
    const running = this.inFlight.get(id);
    if (running) {
      if (running.fingerprint !== fingerprint) throw keyReused();
      return { value: (await running.promise) as T, replayed: true };
    }
    const attempt = this.attempt(id, fingerprint, request, operation);
    const shared = attempt.then((r) => r.value);
    shared.catch(() => undefined); // the error is handled by whoever awaits `attempt`
    this.inFlight.set(id, { fingerprint, promise: shared });
    try {
      return await attempt;
    } finally {
      this.inFlight.delete(id);
    }
  }

  private async attempt<T>(
    id: string,
    fingerprint: string,
    request: IdempotentRequest,
    operation: () => Promise<T>,
  ): Promise<IdempotentResult<T>> {
    const pending: PendingRecord = { state: 'pending', fingerprint, token: randomUUID() };
    const deadline = Date.now() + this.settings.waitMs;
    for (;;) {
      const found = await this.guard(() =>
        this.store.claim(id, pending, this.settings.pendingTtlMs),
      );
      if (found === null)
        return { value: await this.execute(id, pending, request, operation), replayed: false };
      if (found.fingerprint !== fingerprint) throw keyReused();
      if (found.state === 'done')
        return { value: this.open<T>(found.sealed, request), replayed: true };
      if (Date.now() >= deadline) {
        throw new AdminHttpError(
          HttpStatus.CONFLICT,
          'idempotency_in_progress',
          'A request with this Idempotency-Key is still running; retry shortly',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, this.settings.pollMs));
    }
  }

  private async execute<T>(
    id: string,
    pending: PendingRecord,
    request: IdempotentRequest,
    operation: () => Promise<T>,
  ): Promise<T> {
    let value: T;
    try {
      value = await operation();
    } catch (error: unknown) {
      await this.store
        .release(id, pending.token)
        .catch((e: unknown) => this.logger.warn(`idempotency release failed: ${String(e)}`));
      throw error;
    }
    const sealed = this.sealer.seal(JSON.stringify(value), request.scope, request.key);
    // The change happened: if it cannot be remembered, the caller still gets its (only) copy of
    // the secret; a later retry would then run again after the claim expires.
    await this.store
      .complete(
        id,
        { state: 'done', fingerprint: pending.fingerprint, sealed },
        this.settings.ttlMs,
      )
      .catch((e: unknown) =>
        this.logger.error(`idempotency record could not be stored: ${String(e)}`),
      );
    return value;
  }

  private open<T>(sealed: string, request: IdempotentRequest): T {
    try {
      return JSON.parse(this.sealer.open(sealed, request.scope, request.key)) as T;
    } catch {
      // Same record id but undecryptable: another pepper (misconfigured instances) or tampering.
      this.logger.error(
        'idempotency record could not be opened (check ADMIN_IDEMPOTENCY_SECRET is the same on every instance)',
      );
      throw new AdminHttpError(
        HttpStatus.CONFLICT,
        'idempotency_record_unreadable',
        'This Idempotency-Key cannot be replayed; use a new key',
      );
    }
  }

  private async guard<R>(call: () => Promise<R>): Promise<R> {
    try {
      return await call();
    } catch (error: unknown) {
      this.logger.error(
        `idempotency store unavailable: ${error instanceof Error ? error.message : String(error)}`,
      );
      throw new AdminHttpError(
        HttpStatus.SERVICE_UNAVAILABLE,
        'idempotency_unavailable',
        'Retries cannot be made safe right now; try again later',
      );
    }
  }
}
