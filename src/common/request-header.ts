import type { IncomingHttpHeaders } from 'node:http';

/**
 * One request header as a string. Node joins repeated headers with `, ` (so a repeated token
 * never matches), except the few it keeps as lists, of which the first is taken here.
 */
export function headerOf(
  request: { readonly headers: IncomingHttpHeaders },
  name: string,
): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
