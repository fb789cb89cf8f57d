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

/** The families of events Scalekit sends, as the README lists them with their `data`. */
export interface OrganizationEventData {
  readonly id?: string;
  readonly display_name?: string;
  readonly external_id?: string;
}
export interface MembershipEventData {
  readonly user_id?: string;
  readonly organization_id?: string;
  readonly roles?: readonly string[];
}
export interface RoleEventData {
  readonly name?: string;
  readonly display_name?: string;
  readonly permissions?: readonly string[];
}
export interface DirectoryUserEventData {
  readonly id?: string;
  readonly email?: string;
  readonly active?: boolean;
  readonly groups?: readonly { readonly id: string; readonly name?: string }[];
}
export interface DirectoryGroupEventData {
  readonly id?: string;
  readonly display_name?: string;
}
export interface UserEventData {
  readonly user_id?: string;
  readonly id?: string;
  readonly session_id?: string;
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
