import { z } from 'zod';
import { CLIENT_TOKEN_LIFETIME } from '../../scalekit/client-token-lifetime';
import { reservedClaimProblem } from '../../scalekit/reserved-claims';

/** RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens. */
const HOST_NAME =
  /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** `resource:action`, lower-case letters, digits, `_`, `-`, `.` on both sides. */
export const SCOPE_PATTERN = /^[a-z0-9_.-]+:[a-z0-9_.-]+$/;

export const MAX_SCOPES = 50;
export const MAX_AUDIENCE = 20;
export const MAX_CUSTOM_CLAIMS = 20;

// Control characters (C0, C1, line separators) in a name end up in logs and admin UIs, where they
// can forge lines; bidirectional overrides and isolates can make a name read as something else.
function isControlOrBidi(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x2028 ||
    code === 0x2029 ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

const noControlOrBidi = (v: string): boolean =>
  ![...v].some((c) => isControlOrBidi(c.codePointAt(0) ?? 0));

// A lone UTF-16 surrogate is valid in JSON but not in UTF-8: protobuf would store U+FFFD instead,
// so the client would silently get another name than the one sent.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A string that survives the trip to Scalekit unchanged. */
const TextField = z
  .string({ message: 'must be a string' })
  .refine((v) => !LONE_SURROGATE.test(v), 'must be valid Unicode (no lone surrogates)');

export const NameField = TextField.max(128, 'must be at most 128 characters')
  .refine((v) => v.trim().length > 0, 'must not be empty or blank')
  .refine(noControlOrBidi, 'must not contain control or bidirectional-override characters')
  .meta({ example: 'GitHub Actions deployer' });

export const DescriptionField = TextField.max(1024, 'must be at most 1024 characters').meta({
  example: 'Deploys to production from CI',
});

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

const ClaimsRecord = z
  .record(
    z
      .string()
      .regex(
        /^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/,
        'claim names are 1-64 letters, digits, "_", ".", ":" or "-", not starting with a digit or symbol',
      ),
    TextField.max(1024, 'must be at most 1024 characters'),
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
  });

// zod's record silently drops a `__proto__` key before any refinement sees it, so that one
// reserved name is looked for in the raw input.
export const CustomClaimsField = z
  .preprocess((value, ctx) => {
    if (typeof value === 'object' && value !== null && Object.hasOwn(value, '__proto__'))
      ctx.addIssue({
        code: 'custom',
        path: ['__proto__'],
        message: reservedClaimProblem('__proto__') ?? '',
        input: value,
      });
    return value;
  }, ClaimsRecord)
  .meta({ example: { environment: 'production' } });

/**
 * `expiry`: the lifetime in seconds of the client's access tokens. The Node SDK's m2m helper
 * drops it, so the port sends it through the SDK's own gRPC ClientService (see
 * scalekit/sdk-protos.ts); bounds in {@link CLIENT_TOKEN_LIFETIME}.
 */
const { minSeconds, maxSeconds, defaultSeconds } = CLIENT_TOKEN_LIFETIME;
const EXPIRY_BOUNDS = `must be a whole number of seconds from ${minSeconds} to ${maxSeconds}`;
export const ExpiryField = z
  .number(EXPIRY_BOUNDS)
  .int(EXPIRY_BOUNDS)
  .min(minSeconds, EXPIRY_BOUNDS)
  .max(maxSeconds, EXPIRY_BOUNDS)
  .optional()
  .meta({
    description: `Lifetime of the client's access tokens in seconds (${minSeconds} to ${maxSeconds}; Scalekit's default ${defaultSeconds}).`,
    example: defaultSeconds,
  });
