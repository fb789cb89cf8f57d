import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { MissingCredentialsError } from '../errors';
import type { Principal } from '../principal';
import { getPrincipal } from '../request-state';

/**
 * Injects the request's {@link Principal}. Meant for protected handlers, where the global guard
 * has always set it; on a `@Public()` handler there is none and the request is refused with 401.
 *
 * @example
 * ```ts
 * @Get('me')
 * me(@CurrentPrincipal() principal: Principal) { return { subject: principal.subject }; }
 * ```
 */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const principal = getPrincipal(context.switchToHttp().getRequest<object>());
    if (!principal)
      throw new MissingCredentialsError('@CurrentPrincipal() on a route without a principal');
    return principal;
  },
);
