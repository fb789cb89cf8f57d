import { z } from 'zod';

/**
 * One started login, stored server-side under its `state` (hashed) until the callback takes it:
 * each attempt has its own entry, so two tabs can sign in at the same time, and taking it deletes
 * it, so a state works once.
 */
export interface LoginAttempt {
  readonly nonce: string;
  readonly codeVerifier: string;
  /** Where to go after sign-in (already checked to be a path on this site). */
  readonly next: string;
  /** Hash of the browser binding cookie: the callback must come from the browser that started. */
  readonly browser: string;
  readonly createdAt: number;
}

const schema = z.object({
  nonce: z.string().min(1),
  codeVerifier: z.string().min(43),
  next: z.string().startsWith('/'),
  browser: z.string().min(1),
  createdAt: z.number(),
}) satisfies z.ZodType<LoginAttempt>;

export function encodeLoginAttempt(attempt: LoginAttempt): string {
  return JSON.stringify(attempt);
}

export function decodeLoginAttempt(raw: string): LoginAttempt | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
