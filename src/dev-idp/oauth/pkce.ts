import { createHash, timingSafeEqual } from 'node:crypto';

/** RFC 7636 section 4.1: 43-128 characters of the unreserved set. */
const VERIFIER_SHAPE = /^[A-Za-z0-9\-._~]{43,128}$/;
/** An S256 challenge is a base64url SHA-256: 43 characters. */
export const S256_CHALLENGE_SHAPE = /^[A-Za-z0-9\-_]{43}$/;

/** RFC 7636 section 4.6: BASE64URL(SHA256(verifier)) must equal the stored challenge. */
export function verifierMatches(verifier: string, challenge: string): boolean {
  if (!VERIFIER_SHAPE.test(verifier)) return false;
  const computed = Buffer.from(createHash('sha256').update(verifier, 'ascii').digest('base64url'));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}
