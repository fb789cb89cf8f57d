import { Reflector } from '@nestjs/core';

/** Metadata read by the global guard; use {@link Public}. */
export const PublicRoute = Reflector.createDecorator<true>();

/**
 * Opens a handler or a whole controller to anonymous callers: the global guard neither asks for
 * nor reads any credential there, and other access decorators on it are ignored.
 *
 * @example
 * ```ts
 * @Public()
 * @Get('status')
 * status() { return { service: 'api', version: '1.0.0' }; }
 * ```
 */
export const Public = (): ClassDecorator & MethodDecorator => PublicRoute(true);
