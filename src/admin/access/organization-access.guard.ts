import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import {
  AccessDeniedError,
  AuthError,
  getPrincipal,
  InsufficientScopeError,
  MissingCredentialsError,
  Principal,
} from '@scalekit-nest/auth';
import { Audited } from '../audit/audited.decorator';
import { AuditTrail } from '../audit/audit-trail';
import { heldGrants } from './held-grants';
import {
  OrganizationAccessMetadata,
  OrganizationAccessRequirement,
} from './organization-access.decorator';

/**
 * Runs after the global guard (which authenticated the caller) on the admin controller:
 * a user needs the route's permission, an API client the scope of the same name, and either
 * belongs to the organization in the path or holds `api_clients:admin`. It only reads the
 * principal and the path, so a refusal touches nothing upstream. Denied changes are audited.
 */
@Injectable()
export class OrganizationAccessGuard implements CanActivate {
  private readonly logger = new Logger(OrganizationAccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly trail: AuditTrail,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    try {
      this.check(context, request);
      return true;
    } catch (error: unknown) {
      const action = this.reflector.get(Audited, context.getHandler());
      if (action && error instanceof AuthError) {
        this.trail.record(request, action, {
          status: error.getStatus(),
          error: error.code,
        });
      }
      throw error;
    }
  }

  private check(context: ExecutionContext, request: FastifyRequest): void {
    const requirement = this.reflector.getAllAndOverride(OrganizationAccessMetadata, [
      context.getHandler(),
      context.getClass(),
    ]);
    // A handler someone forgot to mark is closed, not open.
    if (!requirement)
      throw new AccessDeniedError(
        'access_not_configured',
        'This route is not available',
        'no @OrganizationAccess on handler',
      );
    const principal = getPrincipal(request);
    if (!principal) throw new MissingCredentialsError('no principal on an admin route');
    const organizationId: unknown = (request.params as { organizationId?: unknown } | undefined)
      ?.organizationId;
    this.requirePermission(principal, requirement);
    this.requireTenant(
      principal,
      requirement,
      typeof organizationId === 'string' ? organizationId : '',
    );
  }

  private requirePermission(
    principal: Principal,
    requirement: OrganizationAccessRequirement,
  ): void {
    if (heldGrants(principal).has(requirement.permission)) return;
    const reason = `${principal.kind} ${principal.subject} lacks ${requirement.permission}`;
    this.logger.debug(reason);
    if (principal.kind === 'client')
      throw new InsufficientScopeError([requirement.permission], reason);
    throw new AccessDeniedError(
      'insufficient_permission',
      `This action requires the permission ${requirement.permission}`,
      reason,
    );
  }

  private requireTenant(
    principal: Principal,
    requirement: OrganizationAccessRequirement,
    organizationId: string,
  ): void {
    if (principal.organizationId !== undefined && principal.organizationId === organizationId)
      return;
    if (heldGrants(principal).has(requirement.crossOrganization)) return;
    const reason = `${principal.kind} ${principal.subject} of ${principal.organizationId ?? '(no organization)'} asked for ${organizationId}`;
    this.logger.debug(reason);
    throw new AccessDeniedError(
      'organization_mismatch',
      'You may only manage API clients of your own organization',
      reason,
    );
  }
}
