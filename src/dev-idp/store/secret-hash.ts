import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A new client secret: 32 random bytes (256 bits). The `test_` prefix mirrors Scalekit's
 * development-environment secrets and makes a leaked one easy to recognise in a scan.
 */
export function newPlainSecret(): string {
  return `test_${randomBytes(32).toString('base64url')}`;
}

/**
 * SHA-256 of the secret. A slow KDF (scrypt, argon2) exists to protect low-entropy passwords from
 * guessing; these secrets are 256-bit random values we generate ourselves, so a guess is hopeless
 * either way and a fast hash lets every token request be checked without burning CPU.
 */
export function hashSecret(plain: string): string {
  return createHash('sha256').update(plain, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented secret against a stored hash. */
export function secretMatches(plain: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(plain), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
