import pino, { DestinationStream, Logger as PinoLogger } from 'pino';
import type { AuditEvent } from './audit-event';

/**
 * Where audit events go: a stream of its own, separate from the application log, so it can be
 * shipped, retained and access-controlled differently. An abstract class so it is also the
 * injection token, and tests can bind a capturing implementation.
 */
export abstract class AuditLogger {
  abstract record(event: AuditEvent): void;
}

/** Writes each event as one JSON line tagged `stream: "audit"` through a dedicated pino logger. */
export class PinoAuditLogger extends AuditLogger {
  constructor(private readonly logger: PinoLogger) {
    super();
  }

  /**
   * @param destination - where lines go; `undefined` writes nothing (audit turned off)
   * @param service - the service name stamped on each line
   */
  static create(destination: DestinationStream | undefined, service: string): PinoAuditLogger {
    const logger = pino(
      {
        // Audit does not follow LOG_LEVEL: an operator quieting the app log must not lose it.
        level: destination ? 'info' : 'silent',
        base: { stream: 'audit', service },
        timestamp: pino.stdTimeFunctions.isoTime,
        // Belt and braces: events are built from ids only, but a secret must never get through.
        redact: {
          paths: ['plainSecret', '*.plainSecret', 'secret', 'token', 'authorization'],
          censor: '[redacted]',
        },
      },
      destination ?? { write: () => undefined },
    );
    return new PinoAuditLogger(logger);
  }

  record(event: AuditEvent): void {
    this.logger.info({ ...event }, `${event.action} ${event.outcome}`);
  }

  flush(): void {
    this.logger.flush();
  }
}
