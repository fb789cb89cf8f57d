import { CanActivate, ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AccessPolicies } from './access-policy';
import { AUTH_SETTINGS } from './auth.constants';
import type { AuthSettings } from './auth-options';
import { AuthError } from './errors';
import { RequestAuthenticator } from './request-authenticator';
import { stampRealm } from './request-state';

/**
 * The one global guard (APP_GUARD). Every HTTP route needs a principal unless `@Public()`, then
 * must satisfy its `@Scopes`/`@AnyScope`/`@Permissions`/`@AnyPermission`. Contexts other than
 * HTTP (WebSocket, RPC) are denied: this guard cannot tell who is calling there.
 *
 * The guard verifies bearer tokens through {@link TokenVerifier}, which calls passport-jwt's
 * verification core directly rather than going through `passport.authenticate()`: passport's
 * per-request plumbing (a strategy clone and a callback chain per request) costs more than a
 * cache hit, and it would bypass the verified-token cache. `ScalekitJwtStrategy` remains the
 * passport integration, for `AuthGuard(SCALEKIT_JWT_STRATEGY)` in apps that want passport.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);
  private readonly policies: AccessPolicies;

  constructor(
    reflector: Reflector,
    private readonly authenticator: RequestAuthenticator,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
  ) {
    this.policies = new AccessPolicies(reflector);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return false;
    const policy = this.policies.for(context.getClass(), context.getHandler());
    if (policy.isPublic) return true;
    const request = context.switchToHttp().getRequest<Request>();
    stampRealm(request, this.settings.realm);
    try {
      policy.enforce(await this.authenticator.authenticate(request));
      return true;
    } catch (error: unknown) {
      if (error instanceof AuthError) {
        this.logger.debug(
          `${request.method} ${request.path} refused: ${error.code} (${error.reason ?? ''})`,
        );
      }
      throw error;
    }
  }
}
