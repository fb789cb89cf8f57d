import type { AuditEvent } from './audit-event';
import { PinoAuditLogger } from './audit.logger';

describe('PinoAuditLogger', () => {
  it('writes one JSON line per event on the audit stream', () => {
    const lines: string[] = [];
    const audit = PinoAuditLogger.create({ write: (line: string) => void lines.push(line) }, 'svc');
    const event: AuditEvent = {
      action: 'api_client.create',
      outcome: 'success',
      actor: { kind: 'user', via: 'session', subject: 'usr_1', organizationId: 'org_1' },
      organizationId: 'org_1',
      clientId: 'm2morg_1',
      secretId: null,
      status: 201,
      error: null,
      requestId: 'req-1',
      replayed: false,
    };
    audit.record(event);
    audit.record({ ...event, plainSecret: 'leak' } as AuditEvent);
    const [first, second] = lines.map(
      (l): Record<string, unknown> => JSON.parse(l) as Record<string, unknown>,
    );
    expect(first).toMatchObject({ stream: 'audit', service: 'svc', level: 30, ...event });
    expect(second.plainSecret).toBe('[redacted]');
  });

  it('writes nothing when turned off', () => {
    expect(() => PinoAuditLogger.create(undefined, 'svc').record({} as AuditEvent)).not.toThrow();
  });
});
