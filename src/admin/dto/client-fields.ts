import { z } from 'zod';

/** RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens. */
const HOST_NAME =
  /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** `resource:action`, lower-case letters, digits, `_`, `-`, `.` on both sides. */
export const SCOPE_PATTERN = /^[a-z0-9_.-]+:[a-z0-9_.-]+$/;

/**
 * Claim names a custom claim must not shadow: the registered JWT claims (RFC 7519 §4.1) and the
 * ones Scalekit or our guard read to decide who a caller is and what it may do. A client that
 * could set `oid` or `scopes` itself would escape its organization or grant itself scopes.
 */
export const RESERVED_CLAIMS: ReadonlySet<string> = new Set([
  'iss',
  'sub',
  'aud',
  'exp',
  'nbf',
  'iat',
  'jti',
  'oid',
  'org_id',
  'organization_id',
  'client_id',
  'azp',
  'sid',
  'uid',
  'xoid',
  'xuid',
  'scope',
  'scopes',
  'permissions',
  'roles',
  'role',
  'typ',
  'cnf',
  'act',
  'may_act',
  'auth_time',
  'amr',
  'acr',
  'nonce',
  'at_hash',
  'c_hash',
  'email',
  'email_verified',
  'name',
  'given_name',
  'family_name',
]);

/** Namespaced claim families reserved for Scalekit (`https://scalekit.com/permissions`, `scalekit:permissions`). */
const RESERVED_CLAIM_PREFIXES = [
  'scalekit:',
  'scalekit.',
  'https://scalekit.com',
  'http://scalekit.com',
];

export const MAX_SCOPES = 50;
export const MAX_AUDIENCE = 20;
export const MAX_CUSTOM_CLAIMS = 20;

// Control characters in a name end up in logs and admin UIs, where they can forge lines.
const noControlChars = (v: string): boolean =>
  ![...v].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

export const NameField = z
  .string({ message: 'must be a string' })
  .max(128, 'must be at most 128 characters')
  .refine((v) => v.trim().length > 0, 'must not be empty or blank')
  .refine(noControlChars, 'must not contain control characters')
  .meta({ example: 'GitHub Actions deployer' });

export const DescriptionField = z
  .string({ message: 'must be a string' })
  .max(1024, 'must be at most 1024 characters')
  .meta({ example: 'Deploys to production from CI' });

export const ScopeField = z
  .string({ message: 'must be a string' })
  .max(128, 'must be at most 128 characters')
  .regex(SCOPE_PATTERN, 'must be resource:action in lower-case letters, digits, "_", "-" or "."');

export const ScopesField = z
  .array(ScopeField, { message: 'must be an array of scopes' })
  .min(1, 'must name at least one scope')
  .max(MAX_SCOPES, `must name at most ${MAX_SCOPES} scopes`)
  .superRefine((scopes, ctx) => {
    const seen = new Set<string>();
    scopes.forEach((scope, index) => {
      if (seen.has(scope))
        ctx.addIssue({
          code: 'custom',
          path: [index],
          message: `duplicate of an earlier scope "${scope}"`,
        });
      seen.add(scope);
    });
  })
  .meta({ example: ['read:deployments', 'deploy:applications'] });

function isUrlOrHost(value: string): boolean {
  if (HOST_NAME.test(value)) return true;
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'https:' || url.protocol === 'http:') &&
      url.hostname !== '' &&
      !url.username &&
      !url.password
    );
  } catch {
    return false;
  }
}

export const AudienceField = z
  .array(
    z
      .string({ message: 'must be a string' })
      .max(2048, 'must be at most 2048 characters')
      .refine(isUrlOrHost, 'must be an http(s) URL (without credentials) or a host name'),
    { message: 'must be an array of URLs or host names' },
  )
  .max(MAX_AUDIENCE, `must name at most ${MAX_AUDIENCE} audiences`)
  .meta({ example: ['https://api.example.com'] });

function reservedClaimProblem(key: string): string | undefined {
  const lower = key.toLowerCase();
  if (RESERVED_CLAIMS.has(lower))
    return `"${key}" is a registered or Scalekit claim and cannot be overridden`;
  if (RESERVED_CLAIM_PREFIXES.some((p) => lower.startsWith(p)))
    return `"${key}" is in Scalekit's reserved claim namespace`;
  return undefined;
}

export const CustomClaimsField = z
  .record(
    z
      .string()
      .regex(
        /^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/,
        'claim names are 1-64 letters, digits, "_", ".", ":" or "-", not starting with a digit or symbol',
      ),
    z.string({ message: 'must be a string' }).max(1024, 'must be at most 1024 characters'),
    { message: 'must be an object of string values' },
  )
  .superRefine((claims, ctx) => {
    const keys = Object.keys(claims);
    if (keys.length > MAX_CUSTOM_CLAIMS)
      ctx.addIssue({ code: 'custom', message: `must have at most ${MAX_CUSTOM_CLAIMS} claims` });
    for (const key of keys) {
      const problem = reservedClaimProblem(key);
      if (problem) ctx.addIssue({ code: 'custom', path: [key], message: problem });
    }
  })
  .meta({ example: { environment: 'production' } });

/**
 * `expiry` (token lifetime) is part of Scalekit's REST API, but the Node SDK 2.11.0 this service
 * uses never sends it (see node_modules/@scalekit-sdk/node/lib/m2mclient.js) and the port has no
 * field for it. Accepting it silently would leave the caller believing tokens expire sooner than
 * they do, so it is refused with a message saying why.
 */
export const ExpiryField = z
  .unknown()
  .refine(
    (v) => v === undefined,
    'is not supported: the Scalekit SDK this service uses cannot set a token lifetime; set it in the Scalekit dashboard',
  )
  .optional()
  .meta({
    description:
      'Not supported (refused with 400): the Scalekit Node SDK cannot set a token lifetime.',
    deprecated: true,
  });
