/**
 * One list for the service and the stand-in (they had drifted apart).
 *
 * Claim names a custom claim must not shadow: the registered JWT claims (RFC 7519 §4.1) and the
 * ones Scalekit or our guard read to decide who a caller is and what it may do. A client that
 * could set `oid` or `scopes` itself would escape its organization or grant itself scopes.
 */
export const RESERVED_CLAIMS: ReadonlySet<string> = new Set([
  'iss',
  'sub',
  'aud',
  'exp',
  'nbf',
  'iat',
  'jti',
  'oid',
  'org_id',
  'organization_id',
  'client_id',
  'azp',
  'sid',
  'uid',
  'xoid',
  'xuid',
  'scope',
  'scopes',
  'permissions',
  'roles',
  'role',
  'typ',
  'cnf',
  'act',
  'may_act',
  'auth_time',
  'amr',
  'acr',
  'nonce',
  'at_hash',
  'c_hash',
  'email',
  'email_verified',
  'name',
  'given_name',
  'family_name',
]);

/** Namespaced claim families reserved for Scalekit (`https://scalekit.com/permissions`, `scalekit:permissions`). */
const RESERVED_CLAIM_PREFIXES = [
  'scalekit:',
  'scalekit.',
  'https://scalekit.com',
  'http://scalekit.com',
];

/**
 * Why `key` cannot be a custom claim name, or `undefined` when it can. `__proto__` is refused
 * too: JSON.parse keeps it as an ordinary key, but zod's record (and any `obj[key] = v` copy)
 * drops it, so the claim would vanish while the caller got a 201.
 */
export function reservedClaimProblem(key: string): string | undefined {
  if (key === '__proto__') return '"__proto__" cannot be a claim name';
  const lower = key.toLowerCase();
  if (RESERVED_CLAIMS.has(lower))
    return `"${key}" is a registered or Scalekit claim and cannot be overridden`;
  if (RESERVED_CLAIM_PREFIXES.some((p) => lower.startsWith(p)))
    return `"${key}" is in Scalekit's reserved claim namespace`;
  return undefined;
}

/** Whether `key` is reserved (the stand-in drops or refuses such custom claims, as Scalekit does). */
export function isReservedClaim(key: string): boolean {
  return reservedClaimProblem(key) !== undefined;
}
