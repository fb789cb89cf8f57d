import type { CredentialKind, Principal, PrincipalKind } from '../principal';

/** Where permissions have appeared in Scalekit tokens; the first one present wins. */
export const PERMISSION_CLAIMS = [
  'permissions',
  'https://scalekit.com/permissions',
  'scalekit:permissions',
] as const;

const NONE: ReadonlySet<string> = new Set();

/**
 * Builds the {@link Principal} from validated claims (`sub` and `exp` already checked).
 * Malformed authorization claims never throw: they yield an empty set, so every scope or
 * permission check on them denies.
 */
export function normalizeClaims(
  claims: Readonly<Record<string, unknown>>,
  via: CredentialKind,
): Principal {
  const subject = typeof claims.sub === 'string' ? claims.sub : '';
  const clientId = optionalString(claims.client_id);
  return Object.freeze({
    kind: principalKind(subject, clientId, claims.sid),
    via,
    subject,
    organizationId: optionalString(claims.oid),
    clientId,
    scopes: scopesOf(claims),
    permissions: permissionsOf(claims),
    roles: stringSet(claims.roles) ?? NONE,
    expiresAt: typeof claims.exp === 'number' ? claims.exp : 0,
    claims: Object.freeze({ ...claims }),
  });
}

/**
 * An API client (M2M, client-credentials) token is recognized by Scalekit's `m2morg_` subject,
 * or, for other issuers, by `sub === client_id` without a session (`sid`): a user token always
 * comes from a login session, a client-credentials token never does.
 */
export function principalKind(
  subject: string,
  clientId: string | undefined,
  sid: unknown,
): PrincipalKind {
  if (subject.startsWith('m2morg_')) return 'client';
  return clientId !== undefined && subject === clientId && sid === undefined ? 'client' : 'user';
}

/**
 * OAuth scopes: `scope` (RFC 8693/9068 space-separated string) and/or `scopes` (Scalekit M2M
 * array). If either is present but malformed, there are no scopes at all.
 */
export function scopesOf(claims: Readonly<Record<string, unknown>>): ReadonlySet<string> {
  const { scope, scopes } = claims;
  if (scope !== undefined && typeof scope !== 'string') return NONE;
  const fromArray = scopes === undefined ? NONE : stringSet(scopes);
  if (!fromArray) return NONE;
  if (typeof scope !== 'string') return fromArray;
  const all = new Set(fromArray);
  for (const s of scope.split(' ')) if (s.length > 0) all.add(s);
  return all;
}

/** Permissions from the first claim of {@link PERMISSION_CLAIMS} present; malformed means none. */
export function permissionsOf(claims: Readonly<Record<string, unknown>>): ReadonlySet<string> {
  for (const name of PERMISSION_CLAIMS) {
    if (claims[name] !== undefined) return stringSet(claims[name]) ?? NONE;
  }
  return NONE;
}

/** A set of the array's strings, or `undefined` when it is not an array of non-empty strings. */
function stringSet(value: unknown): ReadonlySet<string> | undefined {
  if (!Array.isArray(value)) return undefined;
  const set = new Set<string>();
  for (const item of value as unknown[]) {
    if (typeof item !== 'string' || item.length === 0) return undefined;
    set.add(item);
  }
  return set;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
