import { z } from 'zod';

/** One lru-cache `dump()` entry: the key, the value, and its TTL and start (Date.now() based). */
const entry = <T extends z.ZodType>(value: T) =>
  z.tuple([
    z.string(),
    z.object({ value, ttl: z.number().optional(), start: z.number().optional() }),
  ]);

const refreshTokenSchema = z.object({
  familyId: z.string(),
  clientId: z.string(),
  userId: z.string(),
  sessionId: z.string(),
  scope: z.array(z.string()).readonly(),
  authTime: z.number(),
  used: z.boolean(),
});

const browserSessionSchema = z.object({
  sessionId: z.string(),
  userId: z.string(),
  authTime: z.number(),
});

/**
 * `<dataDir>/grants.json`: what a signed-in browser needs to stay signed in across a restart of
 * the stand-in (refresh tokens by hash, its own browser sessions by cookie hash, revoked
 * families, ended sessions). Codes and pending logins live seconds and are not kept.
 */
export const grantFileSchema = z.object({
  refreshTokens: z.array(entry(refreshTokenSchema)),
  browserSessions: z.array(entry(browserSessionSchema)),
  revokedFamilies: z.array(z.string()),
  endedSessions: z.array(z.string()),
});

export type GrantFile = z.output<typeof grantFileSchema>;
