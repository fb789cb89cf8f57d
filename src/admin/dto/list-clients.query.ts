import { z } from 'zod';

/** Query of `GET /clients`. Query values arrive as strings, hence the explicit integer parsing. */
export const ListClientsQuerySchema = z
  .strictObject({
    pageSize: z
      .string()
      .regex(/^\d{1,3}$/, 'must be a whole number from 1 to 100')
      .transform(Number)
      .pipe(z.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100'))
      .optional()
      .meta({ description: 'Clients per page, 1-100', example: '20' }),
    pageToken: z
      .string()
      .min(1, 'must not be empty')
      .max(512, 'must be at most 512 characters')
      .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
      .optional()
      .meta({ description: 'nextPageToken of the previous page' }),
  })
  .meta({ id: 'ListClientsQuery' });

export type ListClientsQuery = z.output<typeof ListClientsQuerySchema>;
