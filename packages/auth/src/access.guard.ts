import { CanActivate, ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessPolicies } from './access-policy';
import { AUTH_SETTINGS } from './auth.constants';
import type { AuthSettings } from './auth-options';
import { readCall, refusalFor } from './contexts/call-reader';
import { CredentialSourceRegistry } from './credential-source.registry';
import { AuthError } from './errors';
import { RequestAuthenticator } from './request-authenticator';
import { stampRealm } from './request-state';

/**
 * The guard behind every decorator: a call needs a principal unless `@Public()` (or
 * `@OptionalAuth()` for anonymous callers), then must satisfy its `@Scopes`/`@AnyScope`/
 * `@Permissions`/`@AnyPermission`. Registered as `APP_GUARD` by default (`global: false` leaves
 * it to `@UseGuards(AccessGuard)`).
 *
 * It reads HTTP (Express and Fastify), GraphQL and WebSocket calls itself; other context types
 * (RPC) are denied unless the app registered a {@link CredentialReader} for them. A refusal
 * leaves in the caller's protocol (see {@link refusalFor}): over HTTP with its RFC 6750 headers
 * already set, so no exception filter of the host app is needed.
 *
 * Bearer tokens are verified by {@link TokenVerifier} directly, not through passport: passport's
 * per-request plumbing (a strategy clone and a callback chain) costs more than a cache hit.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);
  private readonly policies: AccessPolicies;

  constructor(
    reflector: Reflector,
    private readonly authenticator: RequestAuthenticator,
    private readonly registry: CredentialSourceRegistry,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
  ) {
    this.policies = new AccessPolicies(reflector);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.policies.for(context.getClass(), context.getHandler());
    if (policy.isPublic) return true;
    const call = readCall(context, this.registry.readers());
    if (!call) return false;
    stampRealm(call.carrier, this.settings.realm);
    try {
      policy.enforce(await this.authenticator.authenticate(call));
      return true;
    } catch (error: unknown) {
      if (error instanceof AuthError)
        this.logger.debug(`${call.label} refused: ${error.code} (${error.reason ?? ''})`);
      throw refusalFor(context, error);
    }
  }
}
