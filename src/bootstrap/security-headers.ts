import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import type { AppConfig } from '../config/app-config';

/**
 * helmet's headers for this service, computed once at boot: nothing in them depends on the
 * request (pages have no inline script, so no nonce), and setting a fixed map in one step costs
 * a fraction of running helmet's middleware chain per request.
 */
export function securityHeaders(config: AppConfig): Readonly<Record<string, string>> {
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
