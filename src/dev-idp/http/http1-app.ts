import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DevIdpContext } from '../dev-idp.context';
import { handleAuthorize } from '../oauth/authorize.endpoint';
import { jwks, providerMetadata } from '../oauth/discovery';
import { handleLogin } from '../oauth/login.endpoint';
import { handlePortal, handlePortalStart } from '../oauth/idp-portal.endpoint';
import { LOGIN_PATH, PORTAL_PATH, PORTAL_START_PATH } from '../oauth/login-page';
import { handleLogout } from '../oauth/logout.endpoint';
import { OAuthError } from '../oauth/oauth-error';
import { handleToken } from '../oauth/token.endpoint';
import { MalformedRequestError, sendJson } from './http-io';

type Handler = (
  ctx: DevIdpContext,
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
) => void | Promise<void>;

/** Every route by `METHOD path`. A `GET` route also answers `HEAD` (see `dispatch`). */
export const ROUTES: Readonly<Record<string, Handler>> = {
  'GET /.well-known/openid-configuration': (ctx, _req, res) =>
    sendJson(res, 200, providerMetadata(ctx), { 'cache-control': 'max-age=60' }),
  'GET /keys': (ctx, _req, res) => sendJson(res, 200, jwks(ctx), { 'cache-control': 'max-age=60' }),
  'GET /oauth/authorize': handleAuthorize,
  [`POST ${LOGIN_PATH}`]: handleLogin,
  'POST /oauth/token': handleToken,
  'GET /oidc/logout': handleLogout,
  [`GET ${PORTAL_PATH}`]: handlePortal,
  [`GET ${PORTAL_START_PATH}`]: handlePortalStart,
  'GET /health': (_ctx, _req, res) => sendJson(res, 200, { status: 'ok' }),
};

/**
 * The stand-in's HTTP/1.1 side: the browser and token endpoints. Any refusal is an OAuth error
 * JSON; an unexpected failure is logged and answered `server_error` without details.
 */
export function createHttp1App(
  ctx: DevIdpContext,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    // Everything runs inside the promise chain: the stand-in shares its process with the app
    // under `npm start`, so one synchronous throw (a request target `new URL` cannot parse, such
    // as `GET http://[ HTTP/1.1`) would otherwise be an uncaught exception that kills both.
    Promise.resolve()
      .then(() => dispatch(ctx, req, res))
      .catch((error: unknown) => answerError(ctx, res, error));
  };
}

function dispatch(
  ctx: DevIdpContext,
  req: IncomingMessage,
  res: ServerResponse,
): void | Promise<void> {
  const url = parseTarget(req.url, ctx.issuer);
  // HEAD is GET without the body (RFC 9110 section 9.3.2): the GET handler runs, so status and
  // headers are the same, and Node's ServerResponse drops the body of a response to HEAD.
  const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
  const handler = ROUTES[`${method} ${url.pathname}`];
  if (!handler) {
    return sendJson(res, 404, {
      error: 'not_found',
      error_description: `no route for ${method} ${url.pathname}`,
    });
  }
  return handler(ctx, req, res, url.searchParams);
}

function parseTarget(target: string | undefined, base: string): URL {
  try {
    return new URL(target ?? '/', base);
  } catch {
    throw new MalformedRequestError('the request target is not a valid URL');
  }
}

function answerError(ctx: DevIdpContext, res: ServerResponse, error: unknown): void {
  if (res.headersSent) return void res.end();
  if (error instanceof OAuthError) {
    ctx.logger.info(`dev-idp: refused (${error.message})`);
    return sendJson(res, error.status, error.toJSON(), error.headers);
  }
  if (error instanceof MalformedRequestError)
    return sendJson(res, 400, new OAuthError('invalid_request', error.message).toJSON());
  ctx.logger.error('dev-idp: request failed', error);
  sendJson(res, 500, new OAuthError('server_error', 'the stand-in failed to answer').toJSON());
}
