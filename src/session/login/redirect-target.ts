/** Where a signed-in user lands when no (acceptable) `next` was given. */
export const DEFAULT_AFTER_LOGIN = '/dashboard';

const MAX_LENGTH = 2_048;
// Enough for any double or triple encoding; a path still changing after that is refused.
const MAX_DECODINGS = 4;
// The flow's own routes: landing on them after sign-in would loop or log out again.
const NOT_A_DESTINATION = /^\/(login|logout|auth\/callback)(\/|\?|#|$)/;

/**
 * `next` reduced to a path on this site, or undefined. Only a single leading `/` is accepted: `//host`
 * and `/\host` are protocol-relative to browsers (which read `\` as `/`), tabs and newlines are
 * dropped by URL parsers so `/\t/host` becomes `//host`, and an absolute URL (`https:`,
 * `javascript:`) is refused outright. Whatever passes is parsed against a dummy origin and must
 * stay on it; the path is rebuilt from the parse, so what is used is what was checked.
 * Encoded separators (`/%2F%2Fhost`, `/%5Chost`) are refused too: browsers keep them encoded,
 * but a proxy or framework that decodes the path before redirecting would turn them into `//host`.
 */
export function safeRedirectPath(next: unknown): string | undefined {
  if (typeof next !== 'string' || next.length === 0 || next.length > MAX_LENGTH) return undefined;
  if (!next.startsWith('/') || next.startsWith('//')) return undefined;
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(next)) return undefined;
  let url: URL;
  try {
    url = new URL(next, 'http://same-origin.invalid');
  } catch {
    return undefined;
  }
  if (url.origin !== 'http://same-origin.invalid') return undefined;
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (path.startsWith('//') || NOT_A_DESTINATION.test(path)) return undefined;
  const decoded = fullyDecoded(url.pathname);
  if (decoded === undefined || /^\/[/\\]/.test(decoded) || NOT_A_DESTINATION.test(decoded))
    return undefined;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(decoded)) return undefined;
  return path;
}

/** The path percent-decoded until it stops changing; `undefined` if malformed or still encoded. */
function fullyDecoded(pathname: string): string | undefined {
  let current = pathname;
  for (let i = 0; i < MAX_DECODINGS; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return undefined;
    }
    if (next === current) return current;
    current = next;
  }
  return undefined;
}

/** {@link safeRedirectPath}, or the dashboard. */
export function redirectPathOrDefault(next: unknown): string {
  return safeRedirectPath(next) ?? DEFAULT_AFTER_LOGIN;
}
