import { raceDeadline } from '../../common/deadline';
import { SessionStoreUnavailableError } from './session-store-unavailable.error';

/**
 * Runs a store operation with a deadline. Whatever goes wrong (timeout, refused connection,
 * a client giving up after its retries) becomes {@link SessionStoreUnavailableError}.
 */
export async function withDeadline<T>(
  what: string,
  timeoutMs: number,
  operation: () => Promise<T>,
): Promise<T> {
  try {
    return await raceDeadline(
      operation(),
      timeoutMs,
      () => new SessionStoreUnavailableError(`${what}: no answer within ${timeoutMs} ms`),
    );
  } catch (error: unknown) {
    if (error instanceof SessionStoreUnavailableError) throw error;
    throw new SessionStoreUnavailableError(
      `${what}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
