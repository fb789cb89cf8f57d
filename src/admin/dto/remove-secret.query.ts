import { z } from 'zod';

/** Query of `DELETE /secrets/:secretId`: `force=true` allows removing the last active secret. */
export const RemoveSecretQuerySchema = z
  .strictObject({
    force: z
      .enum(['true', 'false'], { message: 'must be true or false' })
      .transform((v) => v === 'true')
      .optional()
      .meta({ description: 'Required (true) to remove the last active secret' }),
  })
  .meta({ id: 'RemoveSecretQuery' });

export type RemoveSecretQuery = z.output<typeof RemoveSecretQuerySchema>;
