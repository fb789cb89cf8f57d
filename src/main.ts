import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { createApp } from './bootstrap/create-app';
import { assertPortFree, isAddressInUse, portInUse } from './bootstrap/port-in-use';
import { AppConfig, loadAppConfig } from './config/app-config';
import { deploymentWarnings } from './config/deployment-warnings';
import { ConfigValidationError, Env } from './config/env';
import { hasScalekitVariables } from './config/scalekit.config';
import { parseServerConfig } from './config/server.config';
import type { DevIdpHandle } from './dev-idp/dev-idp';
import type { AppLoggers } from './logging/app-logger';
import { APP_LOGGERS } from './logging/logging.module';

async function bootstrap(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const server = parseServerConfig(process.env);
  // Before the stand-in starts and Nest logs anything: a busy port is one line naming PORT.
  if (server.ok) await assertPortFree('PORT', server.value.host, server.value.port);
  const devIdp = await startDevIdpIfDefault(process.env);
  const config = loadAppConfig(devIdp?.env ?? process.env);

  const app = await createApp(config);
  // However the process ends (an uncaught exception, the grace period running out), the log
  // lines still batched are written first: 'exit' listeners run synchronously on every exit.
  const loggers = app.get<AppLoggers>(APP_LOGGERS);
  process.once('exit', () => loggers.flush());
  forceExitAfterGracePeriod(config.server.shutdownTimeoutMs);
  try {
    await app.listen(config.server.port, config.server.host);
  } catch (error: unknown) {
    if (isAddressInUse(error)) throw portInUse('PORT', config.server.host, config.server.port);
    throw error;
  }
  new Logger('Server').log(
    `Listening on http://${config.server.host}:${config.server.port} (public URL ${config.server.publicBaseUrl})`,
  );
  logScalekitMode(config, devIdp?.handle);
  const deployment = new Logger('Deployment');
  for (const warning of deploymentWarnings(config)) deployment.warn(warning);
}

/**
 * Nest's shutdown hooks close the server and let in-flight requests finish; a client that keeps
 * a request open must not hold the process past the orchestrator's grace period.
 */
function forceExitAfterGracePeriod(timeoutMs: number): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      new Logger('Server').log(`${signal}: shutting down, finishing in-flight requests`);
      setTimeout(() => {
        process.stderr.write(`Shutdown took longer than ${timeoutMs} ms; exiting.\n`);
        process.exit(1);
      }, timeoutMs).unref();
    });
  }
}

/**
 * Development default: no SCALEKIT_* and NODE_ENV not production -> the local stand-in runs
 * in-process. Imported dynamically so that a production process never loads it.
 */
async function startDevIdpIfDefault(
  env: Env,
): Promise<{ handle: DevIdpHandle; env: Env } | undefined> {
  if ((env.NODE_ENV ?? 'development') === 'production' || hasScalekitVariables(env))
    return undefined;
  const { startEmbeddedDevIdp } = await import('./dev-idp/embedded-dev-idp');
  const logger = new Logger('DevIdp');
  try {
    return await startEmbeddedDevIdp(env, {
      info: (m) => logger.log(m),
      warn: (m) => logger.warn(m),
      error: (m) => logger.error(m),
    });
  } catch (error: unknown) {
    if (!isAddressInUse(error)) throw error;
    const { port, address } = error as { port?: number; address?: string };
    throw portInUse('DEV_IDP_PORT', address ?? '127.0.0.1', port ?? 8788);
  }
}

function logScalekitMode(config: AppConfig, devIdp: DevIdpHandle | undefined): void {
  const logger = new Logger('Scalekit');
  if (devIdp) {
    logger.log(
      `Local Scalekit stand-in (development only) at ${devIdp.url}; sign in at ${config.server.publicBaseUrl}/login`,
    );
    for (const user of devIdp.users) {
      logger.log(
        `  seeded user ${user.email} (${user.organizationName}, roles: ${user.roles.join(', ') || 'none'})`,
      );
    }
    return;
  }
  if (!config.scalekit) {
    logger.warn(
      'No Scalekit configuration: running as a resource server only (bearer tokens from AUTH_ISSUER). ' +
        'Login and admin routes answer 503 until SCALEKIT_ENVIRONMENT_URL, SCALEKIT_CLIENT_ID and SCALEKIT_CLIENT_SECRET are set.',
    );
  }
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigValidationError) {
    // One line per problem, no stack: the operator has something to fix, not a bug to report.
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
