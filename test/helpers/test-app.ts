import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DestinationStream } from 'pino';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/bootstrap/configure-app';
import { AppConfig, loadAppConfig } from '../../src/config/app-config';
import type { Env } from '../../src/config/env';

export interface TestApp {
  readonly app: INestApplication;
  readonly config: AppConfig;
  /** `http://127.0.0.1:<port>`, where the real app listens for this test. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Boots the real AppModule in-process, configured from `env` alone (never process.env), and
 * listens on loopback. `PORT` 0 (the default here) picks a free port.
 */
export async function createTestApp(
  env: Env,
  options: { logDestination?: DestinationStream } = {},
): Promise<TestApp> {
  const config = loadAppConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', ...env });
  const app = await NestFactory.create(AppModule.forRoot(config, options), {
    logger: false,
    abortOnError: false,
  });
  configureApp(app, config);
  await app.listen(config.server.port, '127.0.0.1');
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  return {
    app,
    config,
    url: `http://127.0.0.1:${port}`,
    close: () => app.close(),
  };
}
