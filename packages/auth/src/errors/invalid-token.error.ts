import { HttpStatus } from '@nestjs/common';
import { AuthError } from './auth.error';
import { bearerChallenge } from './challenge';

/** What the client is told; deliberately coarse so a probe learns nothing about the checks. */
export type InvalidTokenDescription =
  | 'The access token is invalid'
  | 'The access token expired'
  | 'The Authorization header must carry exactly one Bearer token';

/**
 * The bearer token is malformed, expired, not yet valid, signed by an unknown key, or meant for
 * another issuer or audience: 401 with `error="invalid_token"` (RFC 6750 §3.1).
 */
export class InvalidTokenError extends AuthError {
  constructor(
    reason: string,
    readonly description: InvalidTokenDescription = 'The access token is invalid',
  ) {
    super(HttpStatus.UNAUTHORIZED, 'invalid_token', description, reason);
  }

  /** The credential is not one b64token (two tokens, blanks, quotes...): one wording wherever it is found. */
  static malformed(reason: string): InvalidTokenError {
    return new InvalidTokenError(
      reason,
      'The Authorization header must carry exactly one Bearer token',
    );
  }

  challenge(realm: string): string {
    return bearerChallenge(realm, { error: 'invalid_token', error_description: this.description });
  }
}
