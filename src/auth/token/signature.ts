import type { KeyObject } from 'node:crypto';
import type { Jwt, JwtPayload, VerifyOptions } from 'jsonwebtoken';
import { Strategy } from 'passport-jwt';
import { InvalidTokenError } from '../errors';
import { isPlainObject } from './jwt-inspection';

type JwtVerifier = (
  token: string,
  key: KeyObject,
  options: VerifyOptions,
) => string | JwtPayload | Jwt;

/**
 * passport-jwt's own verification core (`Strategy.JwtVerifier`, jsonwebtoken's `verify`), the
 * very function its `authenticate()` calls. The global guard calls it directly to skip
 * passport's per-request plumbing; @types/passport-jwt does not declare the static.
 */
const passportJwtVerifier = (Strategy as unknown as { JwtVerifier: JwtVerifier }).JwtVerifier;

/**
 * Checks signature, `alg`, `iss`, `aud`, `exp` and `nbf` (with leeway) and returns the claims.
 * Called without a callback, jsonwebtoken verifies synchronously and throws on failure.
 */
export function verifySignedJwt(
  token: string,
  key: KeyObject,
  options: VerifyOptions,
): Record<string, unknown> {
  let payload: unknown;
  try {
    payload = passportJwtVerifier(token, key, options);
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
