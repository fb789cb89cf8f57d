/**
 * Races `work` against `timeoutMs`. When the deadline passes first, the answer is the error
 * `onDeadline` builds (it may look around first, e.g. probe a port); `work` may still settle
 * later, and its outcome no longer matters to anyone, so its rejection is swallowed.
 * The one deadline primitive of the service: the Scalekit port and the Redis-backed stores use it.
 */
export async function raceDeadline<T>(
  work: Promise<T>,
  timeoutMs: number,
  onDeadline: () => Error | Promise<Error>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      void Promise.resolve().then(onDeadline).then(reject, reject);
    }, timeoutMs);
    // A deadline alone must never keep the process alive.
    timer.unref();
  });
  work.catch(() => undefined);
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
