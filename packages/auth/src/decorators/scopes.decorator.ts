import { Reflector } from '@nestjs/core';
import { requirementValues } from './requirement-values';

/** Metadata read by the global guard; use {@link Scopes} and {@link AnyScope}. */
export const AllScopesRequired = Reflector.createDecorator<readonly string[]>();
export const AnyScopeRequired = Reflector.createDecorator<readonly string[]>();

/**
 * Requires every listed OAuth scope (from the token's `scope` or `scopes` claim); otherwise 403
 * `insufficient_scope`. On a controller and a handler both, both requirements apply.
 *
 * @example
 * ```ts
 * @Scopes('deploy:applications')
 * @Post('deployments')
 * deploy() {}
 * ```
 */
export const Scopes = (...scopes: string[]): ClassDecorator & MethodDecorator =>
  AllScopesRequired(requirementValues('Scopes', scopes));

/** Requires at least one of the listed OAuth scopes. */
export const AnyScope = (...scopes: string[]): ClassDecorator & MethodDecorator =>
  AnyScopeRequired(requirementValues('AnyScope', scopes));
