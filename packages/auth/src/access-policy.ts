import type { Type } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { AccessDeniedError, InsufficientScopeError, MissingCredentialsError } from './errors';
import type { Principal } from './principal';
import { readRouteRequirements, RouteRequirements } from './route-requirements';

/**
 * What one handler demands, compiled once from {@link readRouteRequirements} (the same reader
 * OpenAPI generation uses) and reused for every call.
 */
export class AccessPolicy {
  /** Anonymous callers pass: `@OptionalAuth()` with nothing else required. */
  readonly allowsAnonymous: boolean;

  constructor(readonly requirements: RouteRequirements) {
    const { isOptional, allScopes, anyScope, allPermissions, anyPermission } = requirements;
    this.allowsAnonymous =
      isOptional &&
      allScopes.length + anyScope.length + allPermissions.length + anyPermission.length === 0;
  }

  get isPublic(): boolean {
    return this.requirements.isPublic;
  }

  /**
   * Throws unless `principal` meets every requirement: {@link MissingCredentialsError} for an
   * anonymous caller the route does not let in, {@link InsufficientScopeError} (with the scopes
   * the failing decorator named) or {@link AccessDeniedError} for a missing permission.
   */
  enforce(principal: Principal | undefined): void {
    if (!principal) {
      if (this.allowsAnonymous) return;
      throw new MissingCredentialsError('no credential presented');
    }
    const { allScopes, anyScope, allPermissions, anyPermission } = this.requirements;
    const { scopes, permissions } = principal;
    if (!allScopes.every((s) => scopes.has(s)))
      throw new InsufficientScopeError(
        allScopes,
        `scope check (all of ${allScopes.join(' ')}) failed`,
      );
    for (const group of anyScope) {
      if (!group.some((s) => scopes.has(s)))
        throw new InsufficientScopeError(group, `scope check (any of ${group.join(' ')}) failed`);
    }
    if (!allPermissions.every((p) => permissions.has(p)))
      throw permissionDenied('all', allPermissions);
    for (const group of anyPermission) {
      if (!group.some((p) => permissions.has(p))) throw permissionDenied('any', group);
    }
  }
}

function permissionDenied(mode: 'all' | 'any', values: readonly string[]): AccessDeniedError {
  const which = mode === 'all' ? 'the permission(s)' : 'one of the permissions';
  return new AccessDeniedError(
    'insufficient_permission',
    `This action requires ${which}: ${values.join(', ')}`,
    `permission check (${mode} of ${values.join(' ')}) failed`,
  );
}

/** Compiles and caches an {@link AccessPolicy} per (controller, handler). */
export class AccessPolicies {
  private readonly byClass = new WeakMap<Type, WeakMap<object, AccessPolicy>>();

  constructor(private readonly reflector: Reflector) {}

  for(controller: Type, handler: object): AccessPolicy {
    let byHandler = this.byClass.get(controller);
    if (!byHandler) {
      byHandler = new WeakMap();
      this.byClass.set(controller, byHandler);
    }
    let policy = byHandler.get(handler);
    if (!policy) {
      policy = new AccessPolicy(readRouteRequirements(this.reflector, controller, handler));
      byHandler.set(handler, policy);
    }
    return policy;
  }
}
