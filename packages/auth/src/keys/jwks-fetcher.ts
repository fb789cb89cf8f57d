import { createPublicKey, KeyObject } from 'node:crypto';
import { JwksClient } from 'jwks-rsa';

/** A verification key from the JWKS, parsed once into a KeyObject. */
export interface VerificationKey {
  readonly kid: string;
  /** The JWK's `alg`, when it names one: a token must then use exactly this algorithm. */
  readonly alg: string | undefined;
  readonly publicKey: KeyObject;
}

/** The most keys kept from one key set; a real issuer publishes a handful. */
export const MAX_KEYS = 50;
/** The most JWK entries converted: each costs a key import, so a bloated JWKS must not cost more. */
export const MAX_JWK_ENTRIES = 100;
/** A JWKS larger than this is refused; real ones are a few kilobytes. */
export const MAX_JWKS_BYTES = 256 * 1024;

/**
 * Fetches the key set with a total deadline. jwks-rsa does the JWK work (drops non-signing and
 * private keys, converts each JWK to SPKI); the HTTP request is ours so that one AbortSignal
 * bounds connect, headers and body alike (jwks-rsa's `timeout` is a socket idle timeout, which
 * a server dripping bytes never trips), the body is size-capped (a deadline alone still lets a
 * fast server fill memory), redirects are refused, and an app shutdown cancels a hanging fetch.
 */
export async function fetchVerificationKeys(
  jwksUri: string,
  timeoutMs: number,
  shutdown: AbortSignal,
): Promise<VerificationKey[]> {
  const signal = AbortSignal.any([AbortSignal.timeout(timeoutMs), shutdown]);
  const client = new JwksClient({
    jwksUri,
    cache: false,
    rateLimit: false,
    fetcher: async (uri: string) => {
      const response = await fetch(uri, {
        signal,
        redirect: 'error',
        headers: { accept: 'application/json' },
      });
      if (!response.ok) throw new Error(`JWKS answered HTTP ${response.status}`);
      const body: unknown = JSON.parse(await readCapped(response, MAX_JWKS_BYTES));
      return { keys: keysOf(body) };
    },
  });
  return toVerificationKeys(await client.getSigningKeys());
}

type SigningKey = Awaited<ReturnType<JwksClient['getSigningKeys']>>[number];

function toVerificationKeys(signingKeys: readonly SigningKey[]): VerificationKey[] {
  const keys: VerificationKey[] = [];
  const seen = new Set<string>();
  for (const signingKey of signingKeys) {
    // A kid published twice is ambiguous; the first one wins so the choice never depends on
    // which of two fetches happened last.
    if (!signingKey.kid || seen.has(signingKey.kid) || keys.length >= MAX_KEYS) continue;
    seen.add(signingKey.kid);
    keys.push({
      kid: signingKey.kid,
      alg: signingKey.alg || undefined,
      publicKey: createPublicKey(signingKey.getPublicKey()),
    });
  }
  if (keys.length === 0) throw new Error('JWKS has no usable signing key with a kid');
  return keys;
}

// What a web-stream reader yields; fetch's body is typed loosely (`any` chunks) in @types/node 20.
type ReadResult = { done: true; value?: undefined } | { done: false; value: Uint8Array };

/** The body as text, refused as soon as it (declared or received) exceeds `limit` bytes. */
async function readCapped(response: Response, limit: number): Promise<string> {
  if (Number(response.headers.get('content-length')) > limit) {
    throw new Error(`JWKS larger than ${limit} bytes`);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = (await reader.read()) as ReadResult;
    if (done) return Buffer.concat(chunks).toString('utf8');
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new Error(`JWKS larger than ${limit} bytes`);
    }
    chunks.push(value);
  }
}

/** The JWK entries worth converting: objects only (jwks-rsa throws on `null`), at most a bounded number. */
function keysOf(body: unknown): object[] {
  if (typeof body !== 'object' || body === null || !('keys' in body) || !Array.isArray(body.keys)) {
    throw new Error('JWKS is not a {"keys": [...]} document');
  }
  const entries = (body.keys as unknown[]).slice(0, MAX_JWK_ENTRIES);
  return entries.filter((jwk): jwk is object => typeof jwk === 'object' && jwk !== null);
}
