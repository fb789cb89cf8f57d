import type { AuthSettings } from '../auth-options';
import { InvalidTokenError } from '../errors';
import type { JwksKeySet } from '../keys/jwks-key-set';
import type { VerificationKey } from '../keys/jwks-fetcher';
import { InspectedHeader, inspectJwt } from './jwt-inspection';

/** Refuses an oversized token before anything else looks at it (hashing, parsing, crypto). */
export function checkTokenSize(token: string, settings: AuthSettings): void {
  if (token.length > settings.maxTokenLength) throw new InvalidTokenError('token larger than 8 KB');
}

/**
 * Every check that comes before the signature, shared by {@link TokenVerifier} and the passport
 * strategy so that neither can drift from the other: size, structure and header, a key found by
 * `kid`, and the token's `alg` equal to the JWK's own `alg` when it names one (RFC 8725 §3.1:
 * a key is used with one algorithm only).
 */
export async function keyForToken(
  token: string,
  settings: AuthSettings,
  keySet: JwksKeySet,
): Promise<{ header: InspectedHeader; key: VerificationKey }> {
  checkTokenSize(token, settings);
  const { header } = inspectJwt(token, settings.algorithms);
  const key = await keySet.getKey(header.kid);
  if (!key) throw new InvalidTokenError(`unknown kid ${header.kid}`);
  if (key.alg !== undefined && key.alg !== header.alg) {
    throw new InvalidTokenError(`alg ${header.alg} does not match the key's ${key.alg}`);
  }
  return { header, key };
}
