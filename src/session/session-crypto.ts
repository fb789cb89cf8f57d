import { createCipheriv, createDecipheriv, hash, hkdfSync, randomBytes } from 'node:crypto';

const ID = /^[A-Za-z0-9_-]{43}$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A new session id / state / CSRF token: 256 random bits, base64url (43 characters). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Whether a cookie or parameter value has the shape of {@link newSecret}'s output. */
export function isSecretShaped(value: unknown): value is string {
  return typeof value === 'string' && ID.test(value);
}

/**
 * The store key of a secret: its SHA-256. A copy of the store (a backup, a Redis dump) then
 * holds no cookie value that could be replayed.
 */
export function storeKeyOf(secret: string): string {
  return hash('sha256', secret, 'base64url');
}

/**
 * Encrypts session data with AES-256-GCM under a key derived from the session id itself. Only
 * the holder of the cookie can read the tokens back: the store alone (files under ./data, or
 * Redis) does not reveal them.
 */
export function seal(sessionId: string, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyOf(sessionId), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** Decrypts what {@link seal} produced for this id; `undefined` when it was not (tampered, other id). */
export function unseal(sessionId: string, sealed: string): string | undefined {
  const raw = Buffer.from(sealed, 'base64url');
  if (raw.length < IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(sessionId), raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([
      decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    return undefined;
  }
}

function keyOf(sessionId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', sessionId, 'scalekit-nest-auth', 'session data v1', 32));
}
