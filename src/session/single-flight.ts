/**
 * Runs at most one operation per key at a time in this process: callers that arrive while one
 * is running share its result instead of starting their own.
 */
export class SingleFlight<T> {
  private readonly running = new Map<string, Promise<T>>();

  run(key: string, operation: () => Promise<T>): Promise<T> {
    const current = this.running.get(key);
    if (current) return current;
    const started = operation().finally(() => this.running.delete(key));
    this.running.set(key, started);
    return started;
  }

  /** How many keys have an operation running (for tests). */
  get size(): number {
    return this.running.size;
  }
}
