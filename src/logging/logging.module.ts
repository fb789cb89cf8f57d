import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config';
import { REDACTED_PATHS } from './redaction';

/** A caller-supplied request id is kept only when it is short and plain, so logs cannot be forged through it. */
const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

/** Structured JSON logs (pino) with a request id on every line, and credentials redacted. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>) => {
        const server = config.get('server', { infer: true });
        return {
          pinoHttp: {
            level: server.logLevel,
            genReqId: requestId,
            redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
            customProps: () => ({ service: server.serviceName }),
            // Health probes every few seconds would drown the access log.
            autoLogging: {
              ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health/'),
            },
            quietReqLogger: true,
          },
        };
      },
    }),
  ],
})
export class LoggingModule {}
