/** The lock store (Redis) failed or did not answer in time; the caller answers 503. */
export class LockUnavailableError extends Error {
  constructor(reason: string) {
    super(`lock store unavailable: ${reason}`);
    this.name = 'LockUnavailableError';
  }
}

/** Someone else held the lock for longer than the caller may wait. */
export class LockTimeoutError extends Error {
  constructor(
    readonly lockName: string,
    waitMs: number,
  ) {
    super(`lock ${lockName} still held after ${waitMs} ms`);
    this.name = 'LockTimeoutError';
  }
}
