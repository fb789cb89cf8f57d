import { InvalidTokenError } from '../errors';

/** The claims every accepted access token has, beyond what the signature check looked at. */
export interface AccessTokenClaims {
  readonly sub: string;
  readonly exp: number;
}

// OpenID Connect Core §2, §3.1.3.6, §3.3.2.11: claims only an ID token carries. Scalekit signs ID
// tokens with the access tokens' key, `typ: JWT` and `aud` = the app client (an accepted
// audience), so these claims are what keeps an ID token from passing as an access token.
const ID_TOKEN_CLAIMS = ['nonce', 'at_hash', 'c_hash'] as const;

/**
 * RFC 9068 §4 checks jsonwebtoken leaves out: `exp` is required (a token that never expires is
 * refused), `iat` must be a number not in the future beyond the leeway (an absurd `iat` means a
 * broken or forged issuer clock), `sub` must name someone, and the token must not be an ID token.
 */
export function checkAccessTokenClaims(
  claims: Readonly<Record<string, unknown>>,
  nowSec: number,
  toleranceSec: number,
): AccessTokenClaims {
  const { exp, iat, sub } = claims;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) throw new InvalidTokenError('exp missing');
  if (iat !== undefined && (typeof iat !== 'number' || !Number.isFinite(iat))) {
    throw new InvalidTokenError('iat is not a number');
  }
  if (typeof iat === 'number' && iat > nowSec + toleranceSec) {
    throw new InvalidTokenError('iat in the future');
  }
  if (typeof sub !== 'string' || sub.length === 0) throw new InvalidTokenError('sub missing');
  rejectIdToken(claims);
  return { sub, exp };
}

/**
 * RFC 8725 §3.11 (cross-JWT confusion). Besides the ID-token-only claims, `azp` without
 * `client_id` is an ID token's shape: RFC 9068 §2.2 requires `client_id` in access tokens.
 */
function rejectIdToken(claims: Readonly<Record<string, unknown>>): void {
  const marker = ID_TOKEN_CLAIMS.find((name) => claims[name] !== undefined);
  if (marker) throw new InvalidTokenError(`${marker} claim: an ID token, not an access token`);
  if (claims.azp !== undefined && claims.client_id === undefined) {
    throw new InvalidTokenError('azp without client_id: an ID token, not an access token');
  }
}
