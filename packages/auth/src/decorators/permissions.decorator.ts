import { Reflector } from '@nestjs/core';
import { requirementValues } from './requirement-values';

/** Metadata read by the global guard; use {@link Permissions} and {@link AnyPermission}. */
export const AllPermissionsRequired = Reflector.createDecorator<readonly string[]>();
export const AnyPermissionRequired = Reflector.createDecorator<readonly string[]>();

/**
 * Requires every listed Scalekit permission (from `permissions`, or its namespaced aliases);
 * otherwise 403 `insufficient_permission`. A scope never counts as a permission.
 *
 * @example
 * ```ts
 * @Permissions('organization:settings')
 * @Get('organization/settings')
 * settings() {}
 * ```
 */
export const Permissions = (...permissions: string[]): ClassDecorator & MethodDecorator =>
  AllPermissionsRequired(requirementValues('Permissions', permissions));

/** Requires at least one of the listed permissions. */
export const AnyPermission = (...permissions: string[]): ClassDecorator & MethodDecorator =>
  AnyPermissionRequired(requirementValues('AnyPermission', permissions));
