import { Reflector } from '@nestjs/core';

/** Metadata read by the global guard; use {@link OptionalAuth}. */
export const OptionalAuthRoute = Reflector.createDecorator<true>();

/**
 * Lets anonymous callers through with no principal, while a presented credential is still
 * verified and attached (a bad one is refused with 401, never ignored). For routes that serve
 * everyone but show more to a signed-in caller. On a route that also has `@Scopes` or
 * `@Permissions`, those still need a principal: anonymous callers are refused there.
 *
 * @example
 * ```ts
 * @OptionalAuth()
 * @Get('catalog')
 * catalog(@CurrentPrincipal({ optional: true }) principal?: Principal) { ... }
 * ```
 */
export const OptionalAuth = (): ClassDecorator & MethodDecorator => OptionalAuthRoute(true);
