import type { SessionUser } from '../session-record';

type Claims = Readonly<Record<string, unknown>>;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim().length > 0 ? value.trim() : undefined;

/**
 * The signed-in user from the verified ID token, with the access token's claims as a fallback.
 * Name: `name`, else given + family name, else a name in the access token's claims, else the
 * email, else the subject.
 */
export function userFromClaims(idToken: Claims, accessToken: Claims): SessionUser {
  const given = text(idToken.given_name);
  const family = text(idToken.family_name);
  const joined = [given, family].filter((p) => p !== undefined).join(' ');
  const email = text(idToken.email) ?? text(accessToken.email);
  const id = text(idToken.sub) ?? '';
  const name =
    text(idToken.name) ??
    (joined.length > 0 ? joined : undefined) ??
    text(accessToken.name) ??
    text(accessToken.preferred_username) ??
    email ??
    id;
  return { id, email, name, organizationId: text(idToken.oid) ?? text(accessToken.oid) };
}
