import type { NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { DestinationStream } from 'pino';
import { AppModule } from '../app.module';
import type { AppConfig } from '../config/app-config';
import type { TrustProxy } from '../config/trust-proxy';
import { requestIdFor } from '../logging/request-id';
import { APP_BODY_LIMIT_BYTES } from './body-parsers';
import { describeStatus } from '../common/error-body';
import { frameworkRefusal } from '../common/app-exception.filter';
import { JSON_ANSWER, sendAnswer } from '../common/http-answer';
import { configureApp } from './configure-app';
import { headersFor } from './security-headers';

export interface CreateAppOptions {
  /** Where log lines go (standard output unless a test captures them). */
  readonly logDestination?: DestinationStream;
  readonly nest?: NestApplicationOptions;
}

/**
 * The application on Fastify, configured and ready to listen. main.ts and the end-to-end test
 * factory both call it, so tests exercise the same HTTP surface as production. Nest's own body
 * parsers stay off: configureApp registers ours.
 */
export async function createApp(
  config: AppConfig,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, { logDestination: options.logDestination }),
    createHttpAdapter(config),
    { bufferLogs: true, ...options.nest, bodyParser: false },
  );
  configureApp(app, config);
  return app;
}

/**
 * The HTTP adapter of the service. Separate from {@link createApp} for tests that build the app
 * from a testing module (with providers overridden): `createNestApplication(createHttpAdapter(c),
 * { bodyParser: false })`, then `configureApp`.
 */
export function createHttpAdapter(config: AppConfig): FastifyAdapter {
  const headers = headersFor(config);
  const adapter = new FastifyAdapter({
    trustProxy: trustProxyOption(config.server.trustProxy),
    bodyLimit: APP_BODY_LIMIT_BYTES,
    genReqId: requestIdFor,
    // Our genReqId reads (and checks) the caller's x-request-id itself.
    requestIdHeader: false,
    // The access log is our own hook: one line at response end, not Fastify's two per request.
    logger: false,
    routerOptions: {
      // `/api/status/` is `/api/status`, as it always was.
      ignoreTrailingSlash: true,
      // Long ids reach validation, which names the field, instead of a bare 404 from the router.
      maxParamLength: 8192,
    },
    // The router refuses a malformed URL before any hook or Nest handler runs: answered here as
    // the app's filter answers errors, with the headers every answer carries.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const { status, ...view } = frameworkRefusal(error) ?? {
        status: 400,
        ...describeStatus(400),
      };
      sendAnswer(
        reply,
        status,
        { ...headers(request.url), 'x-request-id': request.id },
        JSON_ANSWER,
        {
          ...view,
          requestId: request.id,
        },
      );
    },
  });
  // What every answer carries, set in one step before anything else runs.
  adapter.getInstance().addHook('onRequest', (request, reply, done) => {
    reply.headers(headers(request.url)).header('x-request-id', request.id);
    done();
  });
  return adapter;
}

/**
 * proxy-addr's rules, as config/trust-proxy.ts validates them. A hop count is a function:
 * Fastify reads a bare number as "trust nothing", and `1` here means what it always meant: the
 * peer in front of us is our proxy, whatever its address.
 */
function trustProxyOption(
  trust: TrustProxy,
): false | string[] | ((address: string, hop: number) => boolean) {
  if (trust === false) return false;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return [...trust];
}
