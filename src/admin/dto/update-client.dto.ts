import { z } from 'zod';
import {
  AudienceField,
  CustomClaimsField,
  DescriptionField,
  ExpiryField,
  NameField,
  ScopesField,
} from './client-fields';

// The SDK's update sends only the fields that are truthy or non-empty and has no field mask, so
// an empty description, audience list or claim map would be dropped on the wire and change
// nothing. Refusing them is more honest than answering 200 for a change that did not happen.
const CANNOT_CLEAR =
  'cannot be cleared through this API (Scalekit only updates fields given with a value)';

/** Body of `PATCH /clients/:clientId`: any subset of the create fields, at least one. */
export const UpdateClientSchema = z
  .strictObject({
    name: NameField.optional(),
    description: DescriptionField.min(1, CANNOT_CLEAR).optional(),
    scopes: ScopesField.optional(),
    audience: AudienceField.min(1, CANNOT_CLEAR).optional(),
    customClaims: CustomClaimsField.refine(
      (c) => Object.keys(c).length > 0,
      CANNOT_CLEAR,
    ).optional(),
    expiry: ExpiryField,
  })
  .refine(
    (body) => Object.values(body).some((v) => v !== undefined),
    'must change at least one field',
  )
  .meta({ id: 'UpdateClientRequest' });

export type UpdateClientDto = z.output<typeof UpdateClientSchema>;
