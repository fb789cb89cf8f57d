import type { AuthSettings } from '../auth-options';
import { InvalidTokenError } from '../errors';
import type { IssuerKeySets, TrustedIssuer } from '../keys/issuer-key-sets';
import type { VerificationKey } from '../keys/jwks-fetcher';
import { InspectedHeader, inspectJwt } from './jwt-inspection';

/** Refuses an oversized token before anything else looks at it (hashing, parsing, crypto). */
export function checkTokenSize(token: string, settings: AuthSettings): void {
  if (token.length > settings.maxTokenLength) throw new InvalidTokenError('token larger than 8 KB');
}

/** What the checks before the signature found: the header, the issuer `iss` names, its key. */
export interface TokenKey {
  readonly header: InspectedHeader;
  readonly issuer: TrustedIssuer;
  readonly key: VerificationKey;
}

/**
 * Every check that comes before the signature, for every kind of token the issuers sign: size,
 * structure and header, an accepted `iss` (before any key fetch), a key found by `kid` in that
 * issuer's key set, and the token's `alg` equal to the JWK's own `alg` when it names one
 * (RFC 8725 §3.1: a key is used with one algorithm only).
 */
export async function keyForToken(
  token: string,
  settings: AuthSettings,
  issuers: IssuerKeySets,
  types?: ReadonlySet<string>,
): Promise<TokenKey> {
  checkTokenSize(token, settings);
  const { header, payload } = inspectJwt(token, settings.algorithms, types);
  const issuer = issuers.select(payload);
  const key = await issuer.keySet.getKey(header.kid);
  if (!key) throw new InvalidTokenError(`unknown kid ${header.kid}`);
  if (key.alg !== undefined && key.alg !== header.alg) {
    throw new InvalidTokenError(`alg ${header.alg} does not match the key's ${key.alg}`);
  }
  return { header, issuer, key };
}
