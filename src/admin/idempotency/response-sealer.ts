import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * Encrypts stored responses (which hold a plain secret) with AES-256-GCM under a key derived from
 * the caller's Idempotency-Key and a server secret (the pepper). Whoever reads the store (a Redis
 * dump, a memory snapshot) gets neither: the store holds only an HMAC of the key as the record id
 * and the ciphertext. Only a caller presenting the same key again, through this service, can
 * have the response back.
 */
export class ResponseSealer {
  constructor(private readonly pepper: Buffer) {
    if (pepper.length < 32)
      throw new TypeError('ResponseSealer: the pepper must be at least 32 bytes');
  }

  /** Opaque record id for (scope, key): the key itself never reaches the store. */
  recordId(scope: string, key: string): string {
    return createHmac('sha256', this.pepper)
      .update(scope)
      .update('\0')
      .update(key)
      .digest('base64url');
  }

  seal(plaintext: string, scope: string, key: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.derive(scope, key), iv);
    cipher.setAAD(Buffer.from(this.recordId(scope, key)));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), body]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /** Throws when the record was sealed under another key, scope or pepper, or was altered. */
  open(sealed: string, scope: string, key: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || body === undefined)
      throw new Error('unrecognized sealed record');
    const decipher = createDecipheriv(
      'aes-256-gcm',
      this.derive(scope, key),
      Buffer.from(iv, 'base64url'),
    );
    decipher.setAAD(Buffer.from(this.recordId(scope, key)));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(body, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  }

  private derive(scope: string, key: string): Buffer {
    return Buffer.from(
      hkdfSync('sha256', key, this.pepper, `admin-idempotency:${VERSION}:${scope}`, 32),
    );
  }
}
