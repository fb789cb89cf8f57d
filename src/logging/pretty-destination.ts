import pretty from 'pino-pretty';
import type { DestinationStream } from 'pino';

/**
 * Development output (LOG_FORMAT=pretty): one short line per entry, `HH:MM:ss INFO: message`,
 * an access line as `GET /api/status 200 1.2 ms`, no pid or hostname. pino-pretty formats in
 * this thread; production keeps the batched JSON destination.
 */
export function prettyDestination(): DestinationStream {
  return pretty({
    colorize: process.stdout.isTTY,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,service,context,reqId,req,res,responseTime',
    singleLine: true,
    // Synchronous in development: nothing is lost when the process exits right after a line.
    sync: true,
    messageFormat: (log, messageKey) => {
      const req = log.req as { method?: string; path?: string } | undefined;
      const res = log.res as { statusCode?: number } | undefined;
      if (req?.method && res?.statusCode !== undefined)
        return `${req.method} ${req.path ?? ''} ${res.statusCode} ${String(log.responseTime)} ms`;
      const context = typeof log.context === 'string' ? `[${log.context}] ` : '';
      const message = log[messageKey];
      return `${context}${typeof message === 'string' ? message : JSON.stringify(message ?? '')}`;
    },
  });
}
