import type { KeyObject } from 'node:crypto';
import { verify, type VerifyOptions } from 'jsonwebtoken';
import { InvalidTokenError } from '../errors';
import { isPlainObject } from './jwt-inspection';

/**
 * Checks signature, `alg`, `iss`, `aud`, `exp` and `nbf` (with leeway) and returns the claims,
 * with jsonwebtoken's `verify` (what passport-jwt verifies with), called
 * directly so the guard skips passport's per-request plumbing. Without a callback it verifies
 * synchronously and throws on failure.
 */
export function verifySignedJwt(
  token: string,
  key: KeyObject,
  options: VerifyOptions,
): Record<string, unknown> {
  let payload: unknown;
  try {
    payload = verify(token, key, options);
  } catch (error: unknown) {
    const name = error instanceof Error ? error.name : 'Error';
    const detail = error instanceof Error ? error.message : String(error);
    if (name === 'TokenExpiredError')
      throw new InvalidTokenError(detail, 'The access token expired');
    throw new InvalidTokenError(`${name}: ${detail}`);
  }
  // Unreachable in practice (inspectJwt refused a non-object payload, and jsonwebtoken's `iss`
  // check refuses one too): it narrows jsonwebtoken's `string | JwtPayload` return type.
  if (!isPlainObject(payload)) throw new InvalidTokenError('payload is not a JSON object');
  return payload;
}
