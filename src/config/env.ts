import { z } from 'zod';

/** The raw environment a configuration is read from (process.env, or a test's own record). */
export type Env = Readonly<Record<string, string | undefined>>;

/** Thrown at boot when the environment is unusable; each line names one problem. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/**
 * Parses the environment with a zod schema and turns every issue into one line that names the
 * variable, so an operator can fix them all in one go instead of one per restart.
 */
export function parseEnv<S extends z.ZodType>(schema: S, env: Env): ParseResult<z.output<S>> {
  const result = schema.safeParse(emptyAsUnset(env));
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => {
      const name = issue.path.map(String).join('.') || '(environment)';
      return `${name}: ${issue.message}`;
    }),
  };
}

/** `FOO=` in a .env file means "not set", not "set to the empty string". */
function emptyAsUnset(env: Env): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(env)) {
    out[key] = value === undefined || value.trim() === '' ? undefined : value;
  }
  return out;
}

/** `true`/`false`/`1`/`0`/`yes`/`no`, as operators write booleans in environment files. */
export const envBoolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A comma-separated list; blanks around items are dropped. */
export const envList = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0),
);

function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** An http(s) URL kept exactly as written (an issuer is compared to `iss` character for character). */
export const envExactHttpUrl = z.string().refine(isHttpUrl, 'must be an http(s) URL');

/** An http(s) URL without a trailing slash (Scalekit's SDK builds paths by concatenation). */
export const envHttpUrl = envExactHttpUrl.transform((v) => v.replace(/\/+$/, ''));

/**
 * A number from an environment string. "must be a number" only when it is not one: a number out
 * of range gets zod's own "too small / too big" message, which says what is allowed.
 */
export const envNumber = () =>
  z.coerce.number({
    error: (issue) =>
      issue.code === 'invalid_type' && issue.expected === 'number' ? 'must be a number' : undefined,
  });

export const envPositiveInt = envNumber()
  .int('must be a whole number')
  .positive('must be greater than 0');
