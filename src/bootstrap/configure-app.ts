import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config';
import { setupOpenApi } from './openapi';

/**
 * Everything applied to the Nest application outside the module graph. main.ts and the
 * end-to-end test factory both call it, so tests exercise the same HTTP surface as production.
 */
export function configureApp(app: INestApplication, config: AppConfig): void {
  const express = app as NestExpressApplication;
  express.useLogger(app.get(Logger));
  const { trustProxy } = config.server;
  // A list goes to proxy-addr as one comma-separated string (Express reads it that way).
  express.set('trust proxy', typeof trustProxy === 'object' ? trustProxy.join(',') : trustProxy);
  express.disable('x-powered-by');
  app.use(
    helmet({
      // Pages are server-rendered with no inline script; forms post to our own origin and the
      // login redirect leaves for the IdP, which `form-action` must allow.
      contentSecurityPolicy: {
        directives: {
          'form-action': [
            "'self'",
            ...(config.scalekit ? [new URL(config.scalekit.environmentUrl).origin] : []),
          ],
          // Only behind TLS: in development the service and the stand-in are plain http on loopback.
          'upgrade-insecure-requests': config.server.isProduction ? [] : null,
        },
      },
      hsts: config.server.isProduction,
      // `no-referrer` (helmet's default) makes browsers send `Origin: null` on form posts, which
      // would weaken the session's CSRF origin check; same-origin keeps our origin and leaks nothing out.
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  setupOpenApi(app, config);
  app.enableShutdownHooks();
}
