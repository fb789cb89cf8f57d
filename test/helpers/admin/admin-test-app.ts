import type { LoggerService } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { AddressInfo } from 'node:net';
import type { DestinationStream } from 'pino';
import { AppModule } from '../../../src/app.module';
import { configureApp } from '../../../src/bootstrap/configure-app';
import { createHttpAdapter } from '../../../src/bootstrap/create-app';
import { loadAppConfig } from '../../../src/config/app-config';
import type { Env } from '../../../src/config/env';
import { ScalekitPort } from '../../../src/scalekit/scalekit.port';
import { AuditLogger } from '../../../src/admin/audit/audit.logger';

export interface AdminTestAppOptions {
  /** Replaces the Scalekit port (a fake); absent = the app's own (real SDK). */
  readonly port?: ScalekitPort;
  /** Replaces the audit logger (a capture). */
  readonly audit?: AuditLogger;
  /** Receives the app's Nest log lines (to check that no secret is logged). */
  readonly logger?: LoggerService;
  /** Receives the app's pino lines (the access log). */
  readonly logDestination?: DestinationStream;
}

export interface AdminTestApp {
  readonly app: NestFastifyApplication;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Boots the real AppModule like test/helpers/test-app.ts, plus what admin tests need: the audit
 * stream off by default, and overrides of the port and the audit logger.
 */
export async function createAdminTestApp(
  env: Env,
  options: AdminTestAppOptions = {},
): Promise<AdminTestApp> {
  const full = { NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', ADMIN_AUDIT_LOG: 'off', ...env };
  const config = loadAppConfig(full);

  let builder = Test.createTestingModule({
    imports: [AppModule.forRoot(config, { logDestination: options.logDestination })],
  });
  if (options.port) builder = builder.overrideProvider(ScalekitPort).useValue(options.port);
  if (options.audit) builder = builder.overrideProvider(AuditLogger).useValue(options.audit);
  const moduleRef = await builder.compile();

  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(config), {
    logger: false,
    abortOnError: false,
    bodyParser: false,
  });
  configureApp(app, config);
  if (options.logger) app.useLogger(options.logger);
  await app.listen(config.server.port, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, close: () => app.close() };
}
