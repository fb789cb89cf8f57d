import type { Type } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { OptionalAuthRoute } from './decorators/optional-auth.decorator';
import { AllPermissionsRequired, AnyPermissionRequired } from './decorators/permissions.decorator';
import { PublicRoute } from './decorators/public.decorator';
import { AllScopesRequired, AnyScopeRequired } from './decorators/scopes.decorator';

/** What one route demands, as the decorators on its controller and handler say. */
export interface RouteRequirements {
  /** `@Public()` on the handler or the controller: no credential is read at all. */
  readonly isPublic: boolean;
  /** `@OptionalAuth()`: anonymous callers pass (when nothing below is required). */
  readonly isOptional: boolean;
  /** `@Scopes`: every one of these. */
  readonly allScopes: readonly string[];
  /** `@AnyScope`: each entry is one decorator's list, of which at least one is needed. */
  readonly anyScope: readonly (readonly string[])[];
  readonly allPermissions: readonly string[];
  readonly anyPermission: readonly (readonly string[])[];
}

/**
 * Reads a route's requirements from its decorators: the one reader the guard compiles its
 * policy from, and what OpenAPI generation or a scope catalogue should use, so documentation
 * cannot drift from enforcement. Controller and handler requirements both apply (a handler
 * cannot loosen its controller); `@Public()` or `@OptionalAuth()` on either counts.
 */
export function readRouteRequirements(
  reflector: Reflector,
  controller: Type,
  handler: object,
): RouteRequirements {
  const targets = [controller, handler as Type];
  const all = (decorator: typeof AllScopesRequired): string[] => [
    ...new Set(targets.flatMap((t) => [...(reflector.get(decorator, t) ?? [])])),
  ];
  const anyOf = (decorator: typeof AnyScopeRequired): (readonly string[])[] =>
    targets.flatMap((t) => {
      const values = reflector.get(decorator, t);
      return values === undefined ? [] : [values];
    });
  return {
    isPublic: reflector.getAllAndOverride(PublicRoute, targets) === true,
    isOptional: reflector.getAllAndOverride(OptionalAuthRoute, targets) === true,
    allScopes: all(AllScopesRequired),
    anyScope: anyOf(AnyScopeRequired),
    allPermissions: all(AllPermissionsRequired),
    anyPermission: anyOf(AnyPermissionRequired),
  };
}
