import { join } from 'node:path';
import { CryptoKey, exportJWK, generateKeyPair, importJWK, JWK } from 'jose';
import { z } from 'zod';
import { newId } from '../ids';
import { DataFileError, readJsonFile, writeJsonFile } from '../store/json-file';

export const SIGNING_ALGORITHM = 'RS256';

/** The stand-in's token signing key: private key for signing, public JWK for `/keys`. */
export interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly publicJwk: JWK;
}

const signingKeyFileSchema = z.object({
  kid: z.string().min(1),
  privateJwk: z.looseObject({
    kty: z.literal('RSA'),
    n: z.string().min(1),
    e: z.string().min(1),
    d: z.string().min(1),
  }),
});

/**
 * Loads the signing key from `<dataDir>/signing-key.json`, generating it on first start. It is
 * persisted so that tokens issued before a restart (sessions, M2M tokens cached by clients) still
 * verify afterwards, as they would against real Scalekit.
 */
export async function loadSigningKey(dataDir: string): Promise<SigningKey> {
  const file = join(dataDir, 'signing-key.json');
  const stored = readJsonFile(file, signingKeyFileSchema);
  if (stored) {
    return fromPrivateJwk(stored.kid, stored.privateJwk).catch((error: unknown) => {
      throw new DataFileError(file, error instanceof Error ? error.message : 'not an RSA key');
    });
  }
  const pair = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true, modulusLength: 2048 });
  const kid = newId('snk');
  const privateJwk = await exportJWK(pair.privateKey);
  writeJsonFile(file, { kid, privateJwk });
  return fromPrivateJwk(kid, privateJwk);
}

async function fromPrivateJwk(kid: string, privateJwk: JWK): Promise<SigningKey> {
  const { n, e, kty } = privateJwk;
  const publicJwk: JWK = { kty, n, e, kid, use: 'sig', alg: SIGNING_ALGORITHM };
  const privateKey = (await importJWK(privateJwk, SIGNING_ALGORITHM)) as CryptoKey;
  const publicKey = (await importJWK(publicJwk, SIGNING_ALGORITHM)) as CryptoKey;
  return { kid, privateKey, publicKey, publicJwk };
}
