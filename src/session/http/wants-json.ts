import type { Request } from 'express';

/**
 * Whether the client asked for JSON rather than a page: an `Accept` preferring JSON, a script's
 * request (`X-Requested-With`, or `Sec-Fetch-Dest: empty` for fetch/XHR). Such clients get the
 * app's JSON errors; browsers navigating get redirects and pages.
 */
export function wantsJson(request: Request): boolean {
  if ((request.get('x-requested-with') ?? '').toLowerCase() === 'xmlhttprequest') return true;
  if (request.get('sec-fetch-dest') === 'empty') return true;
  return request.accepts(['html', 'json']) === 'json';
}
