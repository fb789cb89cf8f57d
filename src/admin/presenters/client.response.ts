import { z } from 'zod';

// Response shapes, as zod schemas so the OpenAPI document describes exactly what the presenters
// build (the presenters are typed by these). They are never used to parse anything.

const Timestamp = z
  .string()
  .nullable()
  .meta({ description: 'RFC 3339, or null when Scalekit does not say' });

export const SecretMetadataSchema = z
  .object({
    id: z.string().meta({ example: 'sks_123' }),
    suffix: z
      .string()
      .meta({ description: 'Last characters of the secret, to tell secrets apart' }),
    status: z.enum(['active', 'inactive']),
    createdAt: Timestamp,
    lastUsedAt: Timestamp,
    expiresAt: Timestamp,
  })
  .meta({
    id: 'ClientSecretMetadata',
    description: 'A secret as metadata: the secret itself is never returned again',
  });

export const ClientSchema = z
  .object({
    clientId: z.string().meta({ example: 'm2morg_123' }),
    organizationId: z.string().meta({ example: 'org_123' }),
    name: z.string(),
    description: z.string(),
    scopes: z.array(z.string()),
    audience: z.array(z.string()),
    customClaims: z.record(z.string(), z.string()),
    expirySeconds: z
      .number()
      .nullable()
      .meta({ description: 'Lifetime of issued tokens, when Scalekit reports one' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    secrets: z.array(SecretMetadataSchema),
  })
  .meta({ id: 'ApiClient' });

export const CreatedClientSchema = z
  .object({
    client: ClientSchema,
    plainSecret: z
      .string()
      .meta({ description: 'Shown once, only in this response; store it now' }),
  })
  .meta({ id: 'CreatedApiClient' });

export const CreatedSecretSchema = z
  .object({
    secret: SecretMetadataSchema,
    plainSecret: z
      .string()
      .meta({ description: 'Shown once, only in this response; store it now' }),
  })
  .meta({ id: 'CreatedClientSecret' });

export const ClientPageSchema = z
  .object({
    clients: z.array(ClientSchema),
    nextPageToken: z.string().nullable(),
    prevPageToken: z.string().nullable(),
    totalSize: z.number(),
  })
  .meta({ id: 'ApiClientPage' });

export const ErrorBodySchema = z
  .object({
    error: z.string().meta({ example: 'validation_failed' }),
    message: z.string(),
    requestId: z.string(),
    details: z.array(z.object({ field: z.string(), problem: z.string() })).optional(),
  })
  .meta({ id: 'ErrorBody' });

export type SecretMetadataView = z.output<typeof SecretMetadataSchema>;
export type ClientView = z.output<typeof ClientSchema>;
export type CreatedClientView = z.output<typeof CreatedClientSchema>;
export type CreatedSecretView = z.output<typeof CreatedSecretSchema>;
export type ClientPageView = z.output<typeof ClientPageSchema>;
