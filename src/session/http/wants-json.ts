import accepts from 'accepts';
import type { FastifyRequest } from 'fastify';
import { headerOf } from '../../common';

/**
 * Whether the client asked for JSON rather than a page: an `Accept` preferring JSON, a script's
 * request (`X-Requested-With`, or `Sec-Fetch-Dest: empty` for fetch/XHR). Such clients get the
 * app's JSON errors; browsers navigating get redirects and pages.
 */
export function wantsJson(request: FastifyRequest): boolean {
  if ((headerOf(request, 'x-requested-with') ?? '').toLowerCase() === 'xmlhttprequest') return true;
  if (headerOf(request, 'sec-fetch-dest') === 'empty') return true;
  return accepts(request.raw).type(['html', 'json']) === 'json';
}

/**
 * Whether a browser is navigating here (a link, the address bar): it names `text/html` in
 * `Accept` and the request is not a script's. Stricter than `!wantsJson`: clients that send no
 * `Accept` or `*\/*` (curl, SDKs) are API clients and keep getting JSON.
 */
export function navigatesHere(request: FastifyRequest): boolean {
  const accept = headerOf(request, 'accept') ?? '';
  return /\btext\/html\b/i.test(accept) && !wantsJson(request);
}
