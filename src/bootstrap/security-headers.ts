import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import type { AppConfig } from '../config/app-config';

/**
 * helmet's headers for this service's pages and everything else a browser may open, computed
 * once at boot: nothing in them depends on the request (pages have no inline script, so no
 * nonce), and setting a fixed map in one step costs a fraction of running helmet's middleware
 * chain per request.
 */
export function documentHeaders(config: AppConfig): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
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
  })({} as IncomingMessage, recorder as unknown as ServerResponse, () => undefined);
  return Object.freeze(headers);
}

/**
 * The headers of JSON API answers (`/api/...`): OWASP's REST set. Most of helmet's thirteen are
 * for documents a browser renders (what a page may load, opener and agent-cluster isolation,
 * DNS prefetch, IE8 downloads, Flash policies, the old XSS filter); a JSON answer is never one,
 * and each header costs time on every request (about half a microsecond each, measured in the
 * bench). What still matters for an answer a browser might be tricked into treating as a
 * document or reading cross-site stays: no sniffing, no framing, nothing loadable, no
 * cross-origin no-cors reads, and HSTS when the document set has it (production).
 */
export function apiHeaders(
  document: Readonly<Record<string, string>>,
): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'cross-origin-resource-policy': 'same-origin',
  };
  const hsts = document['strict-transport-security'];
  if (hsts) headers['strict-transport-security'] = hsts;
  return Object.freeze(headers);
}

/** Which set an answer carries: the API set only under `/api/`, the full set everywhere else. */
export function headersFor(config: AppConfig): (url: string) => Readonly<Record<string, string>> {
  const document = documentHeaders(config);
  const api = apiHeaders(document);
  return (url) => (url.startsWith('/api/') ? api : document);
}
