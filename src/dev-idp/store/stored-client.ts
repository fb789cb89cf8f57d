import { z } from 'zod';

/** A client secret as the store keeps it: only its hash and metadata. */
export interface StoredSecret {
  readonly id: string;
  readonly hash: string;
  readonly suffix: string;
  readonly createTime: string;
  readonly createdBy?: string;
  lastUsedTime?: string;
}

/** An organization API client (M2M) as persisted in `clients.json`. */
export interface StoredClient {
  readonly clientId: string;
  readonly organizationId: string;
  name: string;
  description: string;
  scopes: string[];
  audience: string[];
  customClaims: { key: string; value: string }[];
  /** Access-token lifetime in seconds; 0 = the stand-in's default. */
  expiry: number;
  readonly createTime: string;
  updateTime: string;
  secrets: StoredSecret[];
}

export interface ClientFields {
  name?: string;
  description?: string;
  scopes?: string[];
  audience?: string[];
  customClaims?: { key: string; value: string }[];
  expiry?: number;
}

const storedSecretSchema = z.object({
  id: z.string().min(1),
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hex digest'),
  suffix: z.string(),
  createTime: z.string(),
  createdBy: z.string().optional(),
  lastUsedTime: z.string().optional(),
});

const storedClientSchema = z.object({
  clientId: z.string().min(1),
  organizationId: z.string().min(1),
  name: z.string(),
  description: z.string(),
  scopes: z.array(z.string()),
  audience: z.array(z.string()),
  customClaims: z.array(z.object({ key: z.string(), value: z.string() })),
  expiry: z.number().int().nonnegative(),
  createTime: z.string(),
  updateTime: z.string(),
  secrets: z.array(storedSecretSchema),
});

/** The shape of `clients.json`, checked at start so a damaged file fails there, not mid-request. */
export const clientsFileSchema = z.object({
  version: z.literal(1),
  clients: z.array(storedClientSchema),
});
