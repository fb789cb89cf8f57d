/**
 * Builds a `WWW-Authenticate: Bearer` challenge (RFC 6750 §3). Parameter values are
 * quoted-strings (RFC 9110 §5.6.4): a double quote or backslash inside is escaped, and any
 * character a quoted-string cannot hold (controls such as CR/LF, non-ASCII) is dropped, so no
 * value can split the header or make Node refuse to send it.
 */
export function bearerChallenge(
  realm: string,
  params: Readonly<Record<string, string>> = {},
): string {
  const parts = [`realm=${quote(realm)}`];
  for (const [name, value] of Object.entries(params)) parts.push(`${name}=${quote(value)}`);
  return `Bearer ${parts.join(', ')}`;
}

function quote(value: string): string {
  return `"${value.replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

// RFC 6749 §3.3 scope-token: printable ASCII except space, double quote and backslash.
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/** Whether `value` is an RFC 6749 §3.3 scope-token, and so safe in a `scope="..."` parameter. */
export function isScopeToken(value: unknown): value is string {
  return typeof value === 'string' && SCOPE_TOKEN.test(value);
}

/** Used when an auth error is rendered for a request no AuthModule guard has seen. */
export const FALLBACK_REALM = 'api';
