import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { refusalFor } from '../contexts/call-reader';
import { MissingCredentialsError } from '../errors';
import type { Principal } from '../principal';
import { principalOf } from '../request-state';

/** Options of {@link CurrentPrincipal}. */
export interface CurrentPrincipalOptions {
  /** Inject `undefined` for an anonymous caller (on `@OptionalAuth()` routes) instead of refusing. */
  readonly optional?: boolean;
}

/**
 * Injects the call's {@link Principal} in a controller, resolver or gateway handler. On a
 * protected handler the guard has always set it; where there is none (a `@Public()` handler)
 * the call is refused with 401, unless `{ optional: true }`.
 *
 * @example
 * ```ts
 * @Get('me')
 * me(@CurrentPrincipal() principal: Principal) { return { subject: principal.subject }; }
 *
 * @OptionalAuth()
 * @Get('catalog')
 * catalog(@CurrentPrincipal({ optional: true }) principal: Principal | undefined) { ... }
 * ```
 */
export const CurrentPrincipal = createParamDecorator(
  (
    options: CurrentPrincipalOptions | undefined,
    context: ExecutionContext,
  ): Principal | undefined => {
    const principal = principalOf(context);
    if (principal || options?.optional) return principal;
    throw refusalFor(
      context,
      new MissingCredentialsError('@CurrentPrincipal() on a call without a principal'),
    );
  },
);
