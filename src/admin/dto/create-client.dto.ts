import { z } from 'zod';
import {
  AudienceField,
  CustomClaimsField,
  DescriptionField,
  ExpiryField,
  NameField,
  ScopesField,
} from './client-fields';

/**
 * Body of `POST /clients`. A strict object: an unknown field is refused (400 naming it) rather
 * than dropped, so a typo such as `scope` for `scopes` cannot pass unnoticed.
 */
export const CreateClientSchema = z
  .strictObject({
    name: NameField,
    description: DescriptionField.optional(),
    scopes: ScopesField,
    audience: AudienceField.optional(),
    customClaims: CustomClaimsField.optional(),
    expiry: ExpiryField,
  })
  .meta({ id: 'CreateClientRequest' });

export type CreateClientDto = z.output<typeof CreateClientSchema>;
