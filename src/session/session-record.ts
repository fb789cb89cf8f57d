import { z } from 'zod';

/** Who signed in, as shown on the pages. */
export interface SessionUser {
  /** `sub` (`usr_...`). */
  readonly id: string;
  readonly email?: string;
  readonly name: string;
  readonly organizationId?: string;
}

export interface SessionTokens {
  readonly accessToken: string;
  readonly refreshToken?: string;
  readonly idToken?: string;
  /** When the access token expires, in milliseconds since the epoch. */
  readonly expiresAt: number;
}

/** What a session holds (sealed at rest: see session-crypto.ts). */
export interface SessionData {
  readonly user: SessionUser;
  readonly tokens: SessionTokens;
  readonly roles: readonly string[];
  readonly permissions: readonly string[];
  /** Synchronizer token for unsafe requests (see csrf.ts). */
  readonly csrfToken: string;
  /** Sign-in time (ms), the start of the absolute lifetime. */
  readonly createdAt: number;
}

/** A loaded session: its id (the cookie value, a secret), its store key and its data. */
export interface Session {
  readonly id: string;
  readonly key: string;
  readonly data: SessionData;
  readonly seenAt: number;
}

const optional = z.string().optional();

/** Validates data read back from the store, so a corrupt or foreign entry is simply no session. */
export const sessionDataSchema = z.object({
  user: z.object({
    id: z.string().min(1),
    email: optional,
    name: z.string(),
    organizationId: optional,
  }),
  tokens: z.object({
    accessToken: z.string().min(1),
    refreshToken: optional,
    idToken: optional,
    expiresAt: z.number(),
  }),
  roles: z.array(z.string()),
  permissions: z.array(z.string()),
  csrfToken: z.string().min(16),
  createdAt: z.number(),
}) satisfies z.ZodType<SessionData>;
