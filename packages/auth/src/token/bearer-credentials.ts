import type { IncomingMessage } from 'node:http';

/** What the `Authorization` header(s) of a request amount to. */
export type AuthorizationHeader =
  | { readonly kind: 'absent' }
  /**
   * A Bearer credential as presented. Its syntax (one RFC 6750 b64token) is checked by the
   * verifier, after its cache: a cached token is an exact string that passed the check.
   */
  | { readonly kind: 'bearer'; readonly token: string }
  /** A scheme other than Bearer (or none): no usable credential, RFC 6750 §3.1 asks for a bare challenge. */
  | { readonly kind: 'unsupported' }
  /** Bearer, but not exactly one token68: two credentials, blanks, a comma... */
  | { readonly kind: 'malformed'; readonly reason: string };

// RFC 7235 §2.1: `credentials = auth-scheme [ 1*SP token68 ]`, scheme compared case-insensitively.
const SCHEME = /^bearer(?: +|$)/i;
// RFC 6750 §2.1 restricts the Bearer credential to b64token (the token68 alphabet).
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Whether `token` is one b64token (RFC 6750 §2.1): no blank, comma or quote, `=` only as padding.
 * The verifier asks on a cache miss, before anything parses the token: the check scans every
 * character (1.4 µs of a 950-character token, measured in the guard), and a hit needs none.
 */
export function isToken68(token: string): boolean {
  return TOKEN68.test(token);
}

/**
 * Reads the `Authorization` header. Only the header is looked at: tokens in the query string or
 * the body (RFC 6750 §2.2, §2.3) are never accepted, since they end up in logs and caches.
 */
export function readAuthorization(request: IncomingMessage): AuthorizationHeader {
  const value = request.headers.authorization;
  if (value === undefined) return { kind: 'absent' };
  // Node keeps only the first of repeated Authorization headers; a second one is a second
  // credential, which we refuse rather than silently ignore.
  if (countAuthorizationHeaders(request.rawHeaders) > 1) {
    return { kind: 'malformed', reason: 'more than one Authorization header' };
  }
  return parseAuthorization(value);
}

/**
 * Reads one `Authorization` value (`Bearer <token>`) that did not come in an HTTP header: a
 * GraphQL connection parameter, a socket.io handshake field, an RPC message's metadata. The
 * same grammar as the header; `undefined`/`null` is absent, any other non-string malformed.
 */
export function parseAuthorization(value: unknown): AuthorizationHeader {
  if (value === undefined || value === null) return { kind: 'absent' };
  if (typeof value !== 'string') return { kind: 'malformed', reason: 'credential is not a string' };
  const scheme = SCHEME.exec(value);
  if (!scheme) return { kind: 'unsupported' };
  const token = value.slice(scheme[0].length);
  if (token === '') return { kind: 'malformed', reason: 'Bearer without a credential' };
  return { kind: 'bearer', token };
}

function countAuthorizationHeaders(rawHeaders: readonly string[]): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i];
    if (name !== undefined && name.length === 13 && name.toLowerCase() === 'authorization') count++;
  }
  return count;
}
