/**
 * Claims a client's custom claims may not set: what the M2M token sets itself, and what resource
 * servers read to decide who a caller is and what it may do (a custom `permissions` or `roles`
 * would let a client grant itself rights, `sid`/`azp`/`nonce` would make it pass for a user).
 * Scalekit's namespaced permission claims are refused by prefix ({@link isReservedClaim}).
 */
export const RESERVED_CLAIMS: ReadonlySet<string> = new Set([
  'iss',
  'sub',
  'aud',
  'exp',
  'iat',
  'nbf',
  'jti',
  'typ',
  'oid',
  'client_id',
  'azp',
  'sid',
  'scope',
  'scopes',
  'roles',
  'permissions',
  'nonce',
  'at_hash',
  'amr',
  'email',
  'email_verified',
  'name',
  'given_name',
  'family_name',
]);
const RESERVED_PREFIXES = ['scalekit:', 'https://scalekit.com', 'http://scalekit.com'];

export function isReservedClaim(key: string): boolean {
  const lower = key.toLowerCase();
  return RESERVED_CLAIMS.has(lower) || RESERVED_PREFIXES.some((p) => lower.startsWith(p));
}
