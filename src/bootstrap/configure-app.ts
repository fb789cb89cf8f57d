import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../config/app-config';
import type { AppLoggers } from '../logging/app-logger';
import { APP_LOGGERS } from '../logging/logging.module';
import { PinoNestLogger } from '../logging/nest-logger';
import { registerBodyParsers } from './body-parsers';
import { setupOpenApi } from './openapi';

/**
 * Everything applied to the Nest application outside the module graph, before it starts: the
 * logger, the access log, the body parsers, the API document.
 */
export function configureApp(app: NestFastifyApplication, config: AppConfig): void {
  app.useLogger(app.get(PinoNestLogger));
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onResponse', app.get<AppLoggers>(APP_LOGGERS).access.hook);
  registerBodyParsers(fastify);
  setupOpenApi(app, config);
  app.enableShutdownHooks();
}
