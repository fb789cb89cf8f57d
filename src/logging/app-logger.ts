import { hostname } from 'node:os';
import pino, { DestinationStream, Logger } from 'pino';
import type { ServerConfig } from '../config/server.config';
import { AccessLog } from './access-log';
import { BatchedDestination, FlushableDestination } from './batched-destination';
import { prettyDestination } from './pretty-destination';
import { REDACTED_PATHS } from './redaction';

/** The two pino loggers of the process, sharing one destination. */
export interface AppLoggers {
  /** Application lines (Nest's logger): credentials redacted, whatever a caller passes in. */
  readonly app: Logger;
  /** One line per request, built from fixed fields that never hold a secret: no redaction pass. */
  readonly access: AccessLog;
  /** Writes what is buffered: called at shutdown so the last lines are not lost. */
  flush(): void;
}

export function createAppLoggers(
  server: ServerConfig,
  destination?: DestinationStream,
): AppLoggers {
  // Standard output in batches (see BatchedDestination), each written in one synchronous call:
  // sonic-boom's own retries on a full pipe, no worker thread to wake, nothing out of order.
  const stream =
    destination ??
    (server.logFormat === 'pretty'
      ? prettyDestination()
      : new BatchedDestination(pino.destination({ dest: 1, sync: true })));
  const options = {
    level: server.logLevel,
    // In the base bindings rather than per line: written on every line for free.
    base: { pid: process.pid, hostname: hostname(), service: server.serviceName },
  };
  const app = pino(
    { ...options, redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' } },
    stream,
  );
  return {
    app,
    access: new AccessLog(stream, options.base, app.isLevelEnabled('info')),
    flush: () => {
      if (isFlushable(stream)) stream.flushSync();
    },
  };
}

function isFlushable(stream: DestinationStream): stream is FlushableDestination {
  return typeof (stream as { flushSync?: unknown }).flushSync === 'function';
}
