import type { Type } from '@nestjs/common';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import {
  OrganizationAccessMetadata,
  OrganizationAccessRequirement,
} from '../admin/access/organization-access.decorator';
import { readRouteRequirements, RouteRequirements } from '@scalekit-nest/auth';

/**
 * What one route demands: the AuthModule's own reading of the decorators (the one its guard
 * enforces), plus the admin routes' organization access.
 */
export interface AppRouteRequirements extends RouteRequirements {
  /** Admin routes: the permission (users) or scope (API clients) and the cross-organization one. */
  readonly organizationAccess: OrganizationAccessRequirement | undefined;
}

/** `Controller_method`, the operationId the OpenAPI document is built with (src/bootstrap/openapi.ts). */
export function operationKey(controller: string, method: string, version?: string): string {
  return version ? `${controller}_${method}_v${version}` : `${controller}_${method}`;
}

function read(reflector: Reflector, controller: Type, handler: object): AppRouteRequirements {
  return {
    ...readRouteRequirements(reflector, controller, handler),
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
): Map<string, AppRouteRequirements> {
  const reflector = new Reflector();
  const scanner = new MetadataScanner();
  const found = new Map<string, AppRouteRequirements>();
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
