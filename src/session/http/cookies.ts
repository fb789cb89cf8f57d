import type { IncomingHttpHeaders } from 'node:http';
import { serialize, SerializeOptions } from 'cookie';
import type { FastifyReply } from 'fastify';

/**
 * Reads one cookie from the `Cookie` header. Done here rather than with a cookie plugin because
 * the session is the only reader (no other route pays for parsing), and the first occurrence
 * wins as browsers send the most specific cookie first.
 */
export function readCookie(
  request: { readonly headers: IncomingHttpHeaders },
  name: string,
): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * HttpOnly (no script can read it), SameSite=Lax (sent on the top-level redirect back from the
 * IdP, not on cross-site subrequests or POSTs), Path=/ and no Domain (required by `__Host-`),
 * Secure in production.
 */
export function cookieOptions(secure: boolean, maxAgeMs?: number): SerializeOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    ...(maxAgeMs !== undefined && {
      maxAge: Math.floor(maxAgeMs / 1000),
      expires: new Date(Date.now() + maxAgeMs),
    }),
  };
}

// Fastify keeps every `set-cookie` given to `header()` (a list), so a login cookie and a session
// cookie set on the same answer both reach the browser.
export function setCookie(
  reply: FastifyReply,
  name: string,
  value: string,
  secure: boolean,
  maxAgeMs: number,
): void {
  reply.header('set-cookie', serialize(name, value, cookieOptions(secure, maxAgeMs)));
}

export function clearCookie(reply: FastifyReply, name: string, secure: boolean): void {
  reply.header(
    'set-cookie',
    serialize(name, '', { ...cookieOptions(secure), expires: new Date(0) }),
  );
}
