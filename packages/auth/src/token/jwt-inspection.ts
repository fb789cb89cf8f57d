import { InvalidTokenError } from '../errors';

/** The protected header after the structural checks: the fields verification relies on. */
export interface InspectedHeader {
  readonly alg: string;
  readonly kid: string;
}

export interface InspectedJwt {
  readonly header: InspectedHeader;
  readonly payload: Readonly<Record<string, unknown>>;
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;
// RFC 9068 §2.1 asks for `at+jwt`; Scalekit sends `JWT`. Any other type (a logout token, a
// DPoP proof...) is a different kind of JWT and must not pass as an access token (RFC 8725 §3.11).
const ACCEPTED_TYPES = new Set(['jwt', 'at+jwt', 'application/at+jwt']);
// The key always comes from our own JWKS by `kid`; a token that names its own key or key
// location is an attack on naive verifiers (RFC 8725 §3.10), so it is refused outright.
const KEY_LOCATOR_HEADERS = ['jku', 'x5u', 'jwk', 'x5c'] as const;

/**
 * Decodes a compact JWS and applies every check that needs no key: three base64url segments,
 * header and payload JSON objects, allowed `alg`, a `kid`, acceptable `typ`, no `crit`
 * (we implement no extension, RFC 7515 §4.1.11), no key-locating header. Throws
 * {@link InvalidTokenError}; never anything else.
 */
export function inspectJwt(
  token: string,
  algorithms: readonly string[],
  /** Accepted `typ` values (lower case); access-token types unless a caller names others. */
  types: ReadonlySet<string> = ACCEPTED_TYPES,
): InspectedJwt {
  if (!isCompactJws(token)) throw new InvalidTokenError('not a compact JWS');
  const segments = token.split('.');
  const header = decodeObject(segments[0] ?? '', 'header');
  const payload = decodeObject(segments[1] ?? '', 'payload');
  return { header: checkHeader(header, algorithms, types), payload };
}

/** Three base64url segments: what a JWT looks like at all (an opaque token does not). */
export function isCompactJws(token: string): boolean {
  const segments = token.split('.');
  return segments.length === 3 && segments.every((s) => SEGMENT.test(s));
}

function checkHeader(
  header: Record<string, unknown>,
  algorithms: readonly string[],
  types: ReadonlySet<string>,
): InspectedHeader {
  const { alg, kid, typ } = header;
  if (typeof alg !== 'string' || !algorithms.includes(alg)) {
    throw new InvalidTokenError(`alg ${String(alg)} not allowed`);
  }
  if (typeof kid !== 'string' || kid.length === 0 || kid.length > 256) {
    throw new InvalidTokenError('missing or unusable kid');
  }
  if (typ !== undefined && (typeof typ !== 'string' || !types.has(typ.toLowerCase()))) {
    const what = types === ACCEPTED_TYPES ? 'an access token type' : 'a type accepted here';
    throw new InvalidTokenError(`typ ${typeof typ === 'string' ? typ : typeof typ} is not ${what}`);
  }
  if ('crit' in header) throw new InvalidTokenError('crit header present');
  const locator = KEY_LOCATOR_HEADERS.find((name) => name in header);
  if (locator) throw new InvalidTokenError(`${locator} header present`);
  return { alg, kid };
}

function decodeObject(segment: string, part: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidTokenError(`${part} is not JSON`);
  }
  if (!isPlainObject(value)) throw new InvalidTokenError(`${part} is not a JSON object`);
  return value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
