import { DynamicModule, Module, OnApplicationShutdown, Inject } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { DestinationStream } from 'pino';
import type { AppConfig } from '../config/app-config';
import { AppLoggers, createAppLoggers } from './app-logger';
import { PinoNestLogger } from './nest-logger';

export const APP_LOGGERS = Symbol('APP_LOGGERS');

/**
 * Structured JSON logs (pino): the application's lines through Nest's logger, and one access
 * line per request written by a Fastify hook (bootstrap/configure-app.ts), each with the request id.
 */
@Module({})
export class LoggingModule implements OnApplicationShutdown {
  constructor(@Inject(APP_LOGGERS) private readonly loggers: AppLoggers) {}

  /** `destination`: where lines go; standard output unless a test captures them. */
  static forRoot(destination?: DestinationStream): DynamicModule {
    return {
      module: LoggingModule,
      providers: [
        {
          provide: APP_LOGGERS,
          inject: [ConfigService],
          useFactory: (config: ConfigService<AppConfig, true>) =>
            createAppLoggers(config.get('server', { infer: true }), destination),
        },
        {
          provide: PinoNestLogger,
          inject: [APP_LOGGERS],
          useFactory: (loggers: AppLoggers) => new PinoNestLogger(loggers.app),
        },
      ],
      exports: [APP_LOGGERS, PinoNestLogger],
    };
  }

  /** At shutdown, after the server stopped accepting: says so, then writes what is buffered. */
  onApplicationShutdown(signal?: string): void {
    if (signal) this.loggers.app.info({ context: 'Server' }, 'Shut down');
    this.loggers.flush();
  }
}
