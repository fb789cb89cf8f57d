import { z } from 'zod';

/**
 * Body of `POST /clients/:clientId/secrets`: nothing to set. An absent body counts as `{}`; any
 * field is refused, so a caller expecting to choose e.g. an expiry learns it cannot.
 */
export const AddSecretSchema = z
  .preprocess((body) => body ?? {}, z.strictObject({}))
  .meta({ id: 'AddSecretRequest' });

export type AddSecretDto = z.output<typeof AddSecretSchema>;
