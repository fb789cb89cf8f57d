import type { IncomingMessage } from 'node:http';

/** What pino's standard request serializer hands on: the request and a few fields read from it. */
interface SerializedRequest {
  readonly id?: unknown;
  readonly method?: string;
  readonly url?: string;
  readonly remoteAddress?: string;
  readonly raw?: IncomingMessage;
}

export interface RequestLogFields {
  readonly id: unknown;
  readonly method: string | undefined;
  readonly path: string | undefined;
  readonly remoteAddress: string | undefined;
  readonly userAgent: string | undefined;
}

/**
 * The request as the access log shows it. Deliberately small:
 * - no query string and no headers: `/auth/callback?code=...&state=...` carries a live
 *   authorization code, and headers carry tokens and cookies; what is never written cannot leak
 *   (the redaction paths stay as a second line of defence for other log calls);
 * - cheap: the standard serializer's headers, query and params were redacted and stringified into
 *   a child logger on every request, whether or not the access log was on, and were most of what
 *   logging cost per request.
 */
export function requestLogFields(req: SerializedRequest): RequestLogFields {
  const url = req.url;
  const query = url?.indexOf('?') ?? -1;
  const userAgent = req.raw?.headers['user-agent'];
  return {
    id: req.id,
    method: req.method,
    path: url !== undefined && query >= 0 ? url.slice(0, query) : url,
    remoteAddress: req.remoteAddress,
    userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 256) : undefined,
  };
}
