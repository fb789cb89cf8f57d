import type { AuditEvent } from '../../../src/admin/audit/audit-event';
import { AuditLogger } from '../../../src/admin/audit/audit.logger';

/** Keeps audit events in memory for tests to inspect. */
export class CapturingAuditLogger extends AuditLogger {
  readonly events: AuditEvent[] = [];

  record(event: AuditEvent): void {
    this.events.push(event);
  }
}
