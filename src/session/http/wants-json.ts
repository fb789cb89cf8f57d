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
