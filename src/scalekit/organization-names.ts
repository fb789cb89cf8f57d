import { Injectable, Logger } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { ScalekitPort } from './scalekit.port';

/** Names change rarely and are only shown: five minutes stale at most is fine. */
const TTL_MS = 5 * 60_000;
const MAX_ORGANIZATIONS = 1_000;

/**
 * Organizations' display names for pages ("Acme", not `org_1000...`), cached: one Scalekit call
 * per organization per five minutes, concurrent lookups of one id share the call. A page must
 * not fail because a name could not be fetched: `undefined` then (the page shows the id), the
 * last known name while it is still cached, and the next page view tries again.
 */
@Injectable()
export class OrganizationNames {
  private readonly logger = new Logger(OrganizationNames.name);
  private readonly names: LRUCache<string, string>;

  constructor(port: ScalekitPort) {
    this.names = new LRUCache<string, string>({
      max: MAX_ORGANIZATIONS,
      ttl: TTL_MS,
      allowStaleOnFetchRejection: true,
      fetchMethod: (organizationId) => port.organizationName(organizationId),
    });
  }

  async nameOf(organizationId: string): Promise<string | undefined> {
    try {
      return await this.names.fetch(organizationId);
    } catch (error: unknown) {
      this.logger.warn(
        `No name for organization ${organizationId}: ${error instanceof Error ? error.message : String(error)}`,
      );
      return undefined;
    }
  }
}
