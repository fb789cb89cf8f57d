import { HttpStatus, Logger } from '@nestjs/common';
import { LockTimeoutError, LockUnavailableError } from '../../locks/lock.errors';
import { LockTiming, Locks } from '../../locks/locks';
import { AdminHttpError } from '../errors/admin-http.error';

/**
 * Serialises the removals of one client's secrets (organization + client id), across requests
 * and instances: "is this the last active secret?" must be read and acted on by one request at a
 * time, or two removals of the last two secrets both see two and both go through.
 *
 * The lock outlives the upstream calls it covers (its TTL comes from `SCALEKIT_TIMEOUT_MS`), and
 * a request waits for it at most that long: then 409 `secret_change_in_progress`, never a hang.
 */
export class ClientSecretsLock {
  private readonly logger = new Logger(ClientSecretsLock.name);

  constructor(
    private readonly locks: Locks,
    private readonly timing: LockTiming,
  ) {}

  async run<T>(organizationId: string, clientId: string, work: () => Promise<T>): Promise<T> {
    try {
      return await this.locks.withLock(
        `admin:secrets:${organizationId}:${clientId}`,
        this.timing,
        work,
      );
    } catch (error: unknown) {
      if (error instanceof LockTimeoutError)
        throw new AdminHttpError(
          HttpStatus.CONFLICT,
          'secret_change_in_progress',
          "Another change to this client's secrets is still running; retry shortly",
        );
      if (error instanceof LockUnavailableError) {
        this.logger.error(error.message);
        throw new AdminHttpError(
          HttpStatus.SERVICE_UNAVAILABLE,
          'lock_unavailable',
          'Secret removals cannot be coordinated right now; try again later',
        );
      }
      throw error;
    }
  }
}
