import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport';
import { AUTH_SETTINGS } from '../auth.constants';
import type { AuthSettings } from '../auth-options';
import { incomingMessageOf } from '../contexts/http.context';
import { AuthError } from '../errors';
import { bearerChallenge } from '../errors/challenge';
import type { Principal } from '../principal';
import { readAuthorization } from '../token/bearer-credentials';
import { TokenVerifier } from '../token/token-verifier';

/** Name of the strategy, for `AuthGuard(SCALEKIT_JWT_STRATEGY)`. */
export const SCALEKIT_JWT_STRATEGY = 'scalekit-jwt';

type Verified = (principal: Principal, done: (error: unknown, user?: Principal) => void) => void;

/**
 * A passport strategy that hands the bearer token to {@link TokenVerifier}: the same checks,
 * key set and cache as {@link AccessGuard}, not a second verification path. A refusal is
 * passport's `fail` with the RFC 6750 challenge; only an unexpected error is `error`.
 */
class BearerTokenStrategy extends Strategy {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly realm: string,
    private readonly verified: Verified,
  ) {
    super();
    this.name = SCALEKIT_JWT_STRATEGY;
  }

  override authenticate(request: object): void {
    const authorization = readAuthorization(incomingMessageOf(request));
    if (authorization.kind !== 'bearer') {
      this.fail(bearerChallenge(this.realm), 401);
      return;
    }
    this.verifier.verify(authorization.token).then(
      (principal) =>
        this.verified(principal, (error, user) => {
          if (error) this.error(error);
          else if (user) this.success(user);
          else this.fail(bearerChallenge(this.realm), 401);
        }),
      (error: unknown) => {
        if (error instanceof AuthError) this.fail(error.challenge(this.realm), error.getStatus());
        else this.error(error);
      },
    );
  }
}

/**
 * For apps that want passport: `@UseGuards(AuthGuard(SCALEKIT_JWT_STRATEGY))` with the
 * principal as `req.user`. Provide it next to `AuthModule` (`providers: [ScalekitJwtStrategy]`);
 * needs `@nestjs/passport` and `passport`. Override {@link validate} to map the principal.
 */
@Injectable()
export class ScalekitJwtStrategy extends PassportStrategy(
  BearerTokenStrategy,
  SCALEKIT_JWT_STRATEGY,
) {
  constructor(verifier: TokenVerifier, @Inject(AUTH_SETTINGS) settings: AuthSettings) {
    super(verifier, settings.realm);
  }

  validate(principal: Principal): Principal {
    return principal;
  }
}
