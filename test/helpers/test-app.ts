import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import type { DestinationStream } from 'pino';
import { createApp } from '../../src/bootstrap/create-app';
import { AppConfig, loadAppConfig } from '../../src/config/app-config';
import type { Env } from '../../src/config/env';

export interface TestApp {
  readonly app: NestFastifyApplication;
  /** `get /api/status`...: every route the HTTP router serves, as Fastify registered it. */
  readonly routes: readonly string[];
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
  const app = await createApp(config, {
    logDestination: options.logDestination,
    nest: { logger: false, abortOnError: false, bufferLogs: false },
  });
  const routes: string[] = [];
  // Routes are registered when the app starts, after this hook.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', ({ method, url }) => {
      for (const m of [method].flat()) routes.push(`${m.toLowerCase()} ${url}`);
    });
  await app.listen(config.server.port, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    routes,
    config,
    url: `http://127.0.0.1:${port}`,
    close: () => app.close(),
  };
}
