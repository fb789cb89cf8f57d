import { Reflector } from '@nestjs/core';
import { API_CLIENTS_ADMIN } from '../../config/admin.config';

export type OrganizationAccessLevel = 'read' | 'write';

/** What a route demands, as metadata: the guard enforces it and the OpenAPI document lists it. */
export interface OrganizationAccessRequirement {
  readonly level: OrganizationAccessLevel;
  /** Permission a user needs, and scope of the same name an API client needs. */
  readonly permission: string;
  /** Holding this (same rule) allows other organizations than the caller's own. */
  readonly crossOrganization: string;
}

const requirements: Record<OrganizationAccessLevel, OrganizationAccessRequirement> = {
  read: { level: 'read', permission: 'api_clients:read', crossOrganization: API_CLIENTS_ADMIN },
  write: { level: 'write', permission: 'api_clients:write', crossOrganization: API_CLIENTS_ADMIN },
};

export const OrganizationAccessMetadata =
  Reflector.createDecorator<OrganizationAccessRequirement>();

/**
 * Marks a handler of an `/organizations/:organizationId/...` route with the access it needs;
 * enforced by {@link OrganizationAccessGuard}. `read` for GETs, `write` for changes.
 */
export const OrganizationAccess = (
  level: OrganizationAccessLevel,
): ClassDecorator & MethodDecorator => OrganizationAccessMetadata(requirements[level]);
