import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { headerOf } from '../common';
import { AccessDeniedError } from '@scalekit-nest/auth';

/** Header carrying the session's CSRF token on unsafe requests (fetch/XHR). */
export const CSRF_HEADER = 'x-csrf-token';
/** Form field carrying the same token (HTML forms). */
export const CSRF_FIELD = '_csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isUnsafeMethod(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/**
 * Cross-site request forgery defence for requests authenticated by the session cookie (a bearer
 * token is not sent by the browser on its own, so it needs none): both checks, origin first.
 * Throws a 403 `AccessDeniedError` (`csrf_failed`).
 */
export function verifyCsrf(
  request: FastifyRequest,
  expectedToken: string,
  publicOrigin: string,
): void {
  verifySameOrigin(request, publicOrigin);
  verifyCsrfToken(request, expectedToken);
}

/**
 * The request must say it comes from our own origin: `Origin` when the browser sends a real one,
 * else `Sec-Fetch-Site: same-origin`. A request with neither is refused too: every browser that
 * can hold our cookie sends at least one of them on an unsafe request, so "neither" means a
 * client we cannot place, and the token alone would then be the only defence, which is what
 * `docs/session.md` promises never to rely on. Callable without a session: a cross-site request
 * must be refused before it has any effect, cookie-clearing included.
 */
export function verifySameOrigin(request: FastifyRequest, publicOrigin: string): void {
  const origin = headerOf(request, 'origin');
  // `Origin: null` says nothing: Chromium sends it on form posts from pages served with
  // `Referrer-Policy: no-referrer` (helmet's default), as do sandboxed frames.
  if (origin !== undefined && origin !== 'null') {
    if (origin !== publicOrigin && origin !== ownOrigin(request)) throw refused(`origin ${origin}`);
    return;
  }
  const site = headerOf(request, 'sec-fetch-site');
  if (site === undefined) throw refused('neither Origin nor Sec-Fetch-Site');
  if (site !== 'same-origin') throw refused(`sec-fetch-site ${site}`);
}

/** The synchronizer token of the session, in `x-csrf-token` or `_csrf`: a cross-site page cannot read it. */
export function verifyCsrfToken(request: FastifyRequest, expectedToken: string): void {
  const given = presentedToken(request);
  if (given === undefined) throw refused('no CSRF token');
  const a = Buffer.from(given);
  const b = Buffer.from(expectedToken);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw refused('CSRF token mismatch');
}

function presentedToken(request: FastifyRequest): string | undefined {
  const header = headerOf(request, CSRF_HEADER);
  if (header !== undefined) return header;
  const body: unknown = request.body;
  if (typeof body !== 'object' || body === null) return undefined;
  const field = (body as Record<string, unknown>)[CSRF_FIELD];
  return typeof field === 'string' ? field : undefined;
}

/** The origin this request was addressed to (behind a proxy: as `trust proxy` reports it). */
function ownOrigin(request: FastifyRequest): string | undefined {
  const host = headerOf(request, 'host');
  return host ? `${request.protocol}://${host}` : undefined;
}

function refused(reason: string): AccessDeniedError {
  return new AccessDeniedError(
    'csrf_failed',
    'The request was refused as a possible cross-site request forgery',
    reason,
  );
}
