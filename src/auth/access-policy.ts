import type { Type } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { AllPermissionsRequired, AnyPermissionRequired } from './decorators/permissions.decorator';
import { PublicRoute } from './decorators/public.decorator';
import { AllScopesRequired, AnyScopeRequired } from './decorators/scopes.decorator';
import { AccessDeniedError, InsufficientScopeError } from './errors';
import type { Principal } from './principal';

interface Requirement {
  readonly claim: 'scope' | 'permission';
  readonly mode: 'all' | 'any';
  readonly values: readonly string[];
}

/** What one handler demands, read from its decorators once and reused for every request. */
export class AccessPolicy {
  constructor(
    readonly isPublic: boolean,
    private readonly requirements: readonly Requirement[],
  ) {}

  /** Throws {@link InsufficientScopeError} or {@link AccessDeniedError} unless every requirement holds. */
  enforce(principal: Principal): void {
    for (const { claim, mode, values } of this.requirements) {
      const held = claim === 'scope' ? principal.scopes : principal.permissions;
      const ok =
        mode === 'all' ? values.every((v) => held.has(v)) : values.some((v) => held.has(v));
      if (ok) continue;
      const reason = `${claim} check (${mode} of ${values.join(' ')}) failed`;
      if (claim === 'scope') throw new InsufficientScopeError(values, reason);
      const message = `This action requires ${mode === 'all' ? 'the permission(s)' : 'one of the permissions'}: ${values.join(', ')}`;
      throw new AccessDeniedError('insufficient_permission', message, reason);
    }
  }
}

const DECORATORS = [
  { decorator: AllScopesRequired, claim: 'scope', mode: 'all' },
  { decorator: AnyScopeRequired, claim: 'scope', mode: 'any' },
  { decorator: AllPermissionsRequired, claim: 'permission', mode: 'all' },
  { decorator: AnyPermissionRequired, claim: 'permission', mode: 'any' },
] as const;

/**
 * Compiles and caches an {@link AccessPolicy} per (controller, handler). Requirements on the
 * controller and on the handler are both enforced (a handler cannot loosen its controller);
 * `@Public()` on either opens the route.
 */
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
      policy = this.compile(controller, handler);
      byHandler.set(handler, policy);
    }
    return policy;
  }

  private compile(controller: Type, handler: object): AccessPolicy {
    const targets = [controller, handler as Type];
    const isPublic = this.reflector.getAllAndOverride(PublicRoute, targets) === true;
    const requirements: Requirement[] = [];
    for (const target of targets) {
      for (const { decorator, claim, mode } of DECORATORS) {
        const values = this.reflector.get(decorator, target);
        if (values !== undefined) requirements.push({ claim, mode, values });
      }
    }
    return new AccessPolicy(isPublic, requirements);
  }
}
