import type { Type } from '@nestjs/common';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import {
  OrganizationAccessMetadata,
  OrganizationAccessRequirement,
} from '../admin/access/organization-access.decorator';
// The metadata decorators are not (yet) exported from src/auth/index.ts; they are read-only here.
import {
  AllPermissionsRequired,
  AnyPermissionRequired,
} from '../auth/decorators/permissions.decorator';
import { PublicRoute } from '../auth/decorators/public.decorator';
import { AllScopesRequired, AnyScopeRequired } from '../auth/decorators/scopes.decorator';

/** What one route demands, read from the same metadata the guards enforce. */
export interface RouteRequirements {
  readonly isPublic: boolean;
  readonly allScopes: readonly string[];
  readonly anyScope: readonly string[];
  readonly allPermissions: readonly string[];
  readonly anyPermission: readonly string[];
  /** Admin routes: the permission (users) or scope (API clients) and the cross-organization one. */
  readonly organizationAccess: OrganizationAccessRequirement | undefined;
}

/** `Controller_method`, the operationId the OpenAPI document is built with (src/bootstrap/openapi.ts). */
export function operationKey(controller: string, method: string, version?: string): string {
  return version ? `${controller}_${method}_v${version}` : `${controller}_${method}`;
}

function read(reflector: Reflector, controller: Type, handler: object): RouteRequirements {
  const targets = [controller, handler as Type];
  // Controller and handler requirements both apply (the global guard enforces both).
  const both = (decorator: typeof AllScopesRequired): string[] =>
    targets.flatMap((t) => [...(reflector.get(decorator, t) ?? [])]);
  return {
    isPublic: reflector.getAllAndOverride(PublicRoute, targets) === true,
    allScopes: both(AllScopesRequired),
    anyScope: both(AnyScopeRequired),
    allPermissions: both(AllPermissionsRequired),
    anyPermission: both(AnyPermissionRequired),
    organizationAccess: reflector.getAllAndOverride(OrganizationAccessMetadata, [
      handler as Type,
      controller,
    ]),
  };
}

/**
 * Requirements of every controller method in the app, keyed by operationId, read from the
 * decorators themselves: the OpenAPI document (built from them) and the admin API's grantable
 * scopes (derived from them at start-up) stay true as routes change. `modules` is Nest's
 * `ModulesContainer` (`app.get(ModulesContainer)`, or injected).
 */
export function collectRouteRequirements(
  modules: ModulesContainer,
): Map<string, RouteRequirements> {
  const reflector = new Reflector();
  const scanner = new MetadataScanner();
  const found = new Map<string, RouteRequirements>();
  for (const module of modules.values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller || typeof controller !== 'function') continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const method of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[method];
        if (typeof handler === 'function')
          found.set(operationKey(controller.name, method), read(reflector, controller, handler));
      }
    }
  }
  return found;
}
