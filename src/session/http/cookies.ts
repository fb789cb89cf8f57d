import type { CookieOptions, Request, Response } from 'express';

/**
 * Reads one cookie from the `Cookie` header. Done here rather than with a global cookie parser
 * because the session is the only reader, and the first occurrence wins as browsers send the
 * most specific cookie first.
 */
export function readCookie(request: Request, name: string): string | undefined {
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
export function cookieOptions(secure: boolean, maxAgeMs?: number): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    ...(maxAgeMs !== undefined && { maxAge: maxAgeMs }),
  };
}

export function setCookie(
  response: Response,
  name: string,
  value: string,
  secure: boolean,
  maxAgeMs: number,
): void {
  response.cookie(name, value, cookieOptions(secure, maxAgeMs));
}

export function clearCookie(response: Response, name: string, secure: boolean): void {
  response.clearCookie(name, cookieOptions(secure));
}
