import { OnEvent } from '@nestjs/event-emitter';
import { z } from 'zod';

/**
 * A Scalekit event as the service hands it to the application: the envelope's fields in
 * camelCase and the event's own `data` as sent. Emitted under `scalekit.<type>` (see
 * {@link OnScalekitEvent}) once its signature is verified and only once per `webhook-id`.
 */
export interface ScalekitEvent<D extends object = Readonly<Record<string, unknown>>> {
  /** The delivery's `webhook-id`: the same id for every retry of one event. */
  readonly deliveryId: string;
  readonly id: string;
  readonly type: string;
  readonly occurredAt: string | undefined;
  readonly organizationId: string | undefined;
  readonly environmentId: string | undefined;
  readonly data: D;
}

// The `data` of each family of events, as Scalekit's webhook reference documents them (fields
// the service or a typical backend reads; every other field is passed through as sent). Listed
// with their types in the README.

/** `organization.created`, `.updated`, `.deleted`: the organization itself. */
export interface OrganizationEventData {
  readonly id?: string;
  readonly display_name?: string;
  readonly external_id?: string | null;
  readonly region_code?: string;
  readonly metadata?: Readonly<Record<string, string>> | null;
  readonly deleted_at?: string;
}

/** `organization.domain_created`, `_deleted`, `_dns_verification_success`, `_failed`. */
export interface DomainEventData {
  readonly id?: string;
  readonly domain?: string;
  readonly domain_type?: string;
  readonly verification_status?: string;
}

/** A user as membership, sign-up and session events carry them. */
export interface EventUser {
  readonly id?: string;
  readonly email?: string;
  readonly external_id?: string;
  readonly user_profile?: {
    readonly name?: string;
    readonly given_name?: string;
    readonly family_name?: string;
  };
}

/**
 * `user.signup`, `user.organization_invitation`, `user.organization_membership_created`,
 * `_updated`, `_deleted`: which user joined, changed in or left which organization.
 */
export interface MembershipEventData {
  readonly organization?: { readonly id?: string; readonly display_name?: string };
  readonly user?: EventUser;
}

/** `user.login`, `user.logout` (the latter for every end of a Scalekit session). */
export interface UserSessionEventData {
  readonly user?: EventUser;
  readonly user_session?: {
    readonly session_id?: string;
    readonly user_id?: string;
    readonly organization_id?: string;
    /** `logout`, `expired` or `revoked` on `user.logout`. */
    readonly status?: string;
    readonly logout_at?: string | null;
    readonly expired_at?: string | null;
  };
}

/** `role.created`, `.updated`, `.deleted`. */
export interface RoleEventData {
  readonly id?: string;
  readonly name?: string;
  readonly display_name?: string;
  readonly description?: string;
  readonly extends?: string;
}

/** `permission.created`, `.updated`, `.deleted`. */
export interface PermissionEventData {
  readonly id?: string;
  readonly name?: string;
  readonly description?: string;
}

/** `organization.sso_created`, `_deleted`, `_enabled`, `_disabled`. */
export interface ConnectionEventData {
  readonly id?: string;
  readonly organization_id?: string;
  readonly connection_type?: string;
  readonly provider?: string;
  readonly enabled?: boolean;
}

/** `organization.directory_enabled`, `_disabled`. */
export interface DirectoryEventData {
  readonly id?: string;
  readonly organization_id?: string;
  readonly provider?: string;
  readonly enabled?: boolean;
}

/** `organization.directory.user_created`, `_updated`, `_deleted` (SCIM). */
export interface DirectoryUserEventData {
  readonly id?: string;
  readonly organization_id?: string;
  readonly email?: string;
  readonly active?: boolean;
  readonly groups?: readonly { readonly id: string; readonly name?: string }[];
  readonly roles?: readonly { readonly role_name: string }[];
}

/** `organization.directory.group_created`, `_updated`, `_deleted` (SCIM). */
export interface DirectoryGroupEventData {
  readonly id?: string;
  readonly directory_id?: string;
  readonly organization_id?: string;
  readonly display_name?: string;
}

/** The envelope as Scalekit sends it (snake_case); anything else in it is ignored. */
export const scalekitEnvelopeSchema = z.looseObject({
  id: z.string().min(1).max(200),
  type: z
    .string()
    .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, 'must look like organization.created')
    .max(100),
  occurred_at: z.string().max(64).optional(),
  organization_id: z.string().max(200).optional(),
  environment_id: z.string().max(200).optional(),
  data: z.record(z.string(), z.unknown()).default({}),
});

/** The name an event is emitted under: `scalekit.organization.created`. */
export function scalekitEventName(type: string): string {
  return `scalekit.${type}`;
}

/**
 * Subscribes a provider's method to a Scalekit event type (or a wildcard such as
 * `organization.directory.*`): `@OnScalekitEvent('organization.created') onOrg(e: ScalekitEvent<OrganizationEventData>)`.
 */
export function OnScalekitEvent(type: string): MethodDecorator {
  return OnEvent(scalekitEventName(type), { suppressErrors: false });
}
