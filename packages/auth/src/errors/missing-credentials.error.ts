import { HttpStatus } from '@nestjs/common';
import { AuthError } from './auth.error';
import { bearerChallenge } from './challenge';

/**
 * The request carries no usable credential (none at all, or an authentication scheme other than
 * Bearer): 401 with a bare `Bearer realm="..."` challenge and no error code (RFC 6750 §3.1).
 */
export class MissingCredentialsError extends AuthError {
  constructor(reason = 'no credentials') {
    super(HttpStatus.UNAUTHORIZED, 'missing_credentials', 'Authentication is required', reason);
  }

  challenge(realm: string): string {
    return bearerChallenge(realm);
  }
}
