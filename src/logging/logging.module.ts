import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import { DynamicModule, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { AppConfig } from '../config/app-config';
import { REDACTED_PATHS } from './redaction';
import { requestLogFields } from './request-log';

/** A caller-supplied request id is kept only when it is short and plain, so logs cannot be forged through it. */
const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

/** Structured JSON logs (pino) with a request id on every line, and credentials redacted. */
@Module({})
export class LoggingModule {
  /** `destination`: where lines go; standard output unless a test captures them. */
  static forRoot(destination?: DestinationStream): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<AppConfig, true>) => {
            const server = config.get('server', { infer: true });
            const options = {
              level: server.logLevel,
              // In the base bindings rather than per-request props: written on every line for free.
              base: { pid: process.pid, hostname: hostname(), service: server.serviceName },
              genReqId: requestId,
              serializers: { req: requestLogFields },
              redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
              // Health probes every few seconds would drown the access log.
              autoLogging: {
                ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health/'),
              },
              quietReqLogger: true,
            };
            return { pinoHttp: destination ? [options, destination] : options };
          },
        }),
      ],
    };
  }
}
