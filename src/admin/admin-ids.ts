import { z } from 'zod';

/**
 * Formats of the Scalekit ids that appear in admin paths, in one place. They are checked before
 * any upstream call so a typo or a probe (`../`, a URL, a huge string) never reaches Scalekit and
 * the caller gets a 400 naming the parameter instead of an upstream 404 or 400.
 */
export const ADMIN_ID_PATTERNS = {
  organizationId: /^org_[A-Za-z0-9]{1,64}$/,
  clientId: /^m2morg_[A-Za-z0-9]{1,64}$/,
  secretId: /^sks_[A-Za-z0-9]{1,64}$/,
} as const;

export type AdminIdKind = keyof typeof ADMIN_ID_PATTERNS;

const EXAMPLES: Record<AdminIdKind, string> = {
  organizationId: 'org_123',
  clientId: 'm2morg_123',
  secretId: 'sks_123',
};

/** A zod schema for one path id; its message says what the id should look like. */
export function adminIdSchema(kind: AdminIdKind): z.ZodString {
  const prefix = EXAMPLES[kind].replace(/123$/, '');
  return z
    .string()
    .regex(
      ADMIN_ID_PATTERNS[kind],
      `must look like ${EXAMPLES[kind]} ("${prefix}" then 1-64 letters or digits)`,
    )
    .meta({ example: EXAMPLES[kind] });
}

export const OrganizationIdSchema = adminIdSchema('organizationId');
export const ClientIdSchema = adminIdSchema('clientId');
export const SecretIdSchema = adminIdSchema('secretId');
