import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * PKCE (RFC 7636), both halves in one place: the login flow makes a verifier and its challenge,
 * the stand-in checks them, and both hash the same way.
 */

/** RFC 7636 section 4.1: 43-128 characters of the unreserved set. */
const VERIFIER_SHAPE = /^[A-Za-z0-9\-._~]{43,128}$/;
/** An S256 challenge is a base64url SHA-256: 43 characters. */
export const S256_CHALLENGE_SHAPE = /^[A-Za-z0-9\-_]{43}$/;

/** A PKCE code verifier: 32 random bytes, base64url (43 characters, RFC 7636 section 4.1). */
export function newCodeVerifier(): string {
  return randomBytes(32).toString('base64url');
}

/** The S256 challenge of a verifier (RFC 7636 section 4.2). */
export function s256Challenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** RFC 7636 section 4.6: BASE64URL(SHA256(verifier)) must equal the stored challenge. */
export function verifierMatches(verifier: string, challenge: string): boolean {
  if (!VERIFIER_SHAPE.test(verifier)) return false;
  const computed = Buffer.from(s256Challenge(verifier));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}
