import type { ProblemDetail } from '../errors/admin-http.error';
import { IDEMPOTENCY_KEY_PATTERN } from '../idempotency/idempotency.constants';
import type { ClientView } from '../presenters/client.response';

/**
 * The register/edit form as the browser posted it: text exactly as typed, so a refused form
 * comes back with everything the admin entered (nothing is lost to an error).
 */
export interface ClientFormValues {
  readonly name: string;
  readonly description: string;
  readonly scopes: readonly string[];
  /** One audience per line. */
  readonly audience: string;
  /** One `name=value` per line. */
  readonly customClaims: string;
  /** Seconds, as typed; empty for Scalekit's default. */
  readonly expiry: string;
}

export const EMPTY_CLIENT_FORM: ClientFormValues = {
  name: '',
  description: '',
  scopes: [],
  audience: '',
  customClaims: '',
  expiry: '',
};

/** The form read into the REST body's fields (lists and a claim map), before the schema checks them. */
export interface ClientFields {
  readonly name: string;
  readonly description?: string;
  readonly scopes: readonly string[];
  readonly audience: readonly string[];
  readonly customClaims: Readonly<Record<string, string>>;
  /** A number for the schema to bound, or the text as typed for it to refuse. */
  readonly expiry?: number | string;
}

/** A REST body to validate: any subset of the fields. */
export type ClientBody = { -readonly [K in keyof ClientFields]?: ClientFields[K] };

function text(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value : '';
}

function record(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}

/** Reads the form fields (urlencoded: a repeated checkbox is an array, a single one a string). */
export function readClientForm(body: unknown): ClientFormValues {
  const fields = record(body);
  const scopes = fields.scopes;
  return {
    name: text(fields, 'name'),
    description: text(fields, 'description'),
    scopes: (Array.isArray(scopes) ? scopes : [scopes]).filter(
      (s): s is string => typeof s === 'string',
    ),
    audience: text(fields, 'audience'),
    customClaims: text(fields, 'customClaims'),
    expiry: text(fields, 'expiry'),
  };
}

/** The hidden per-form key that makes a resubmitted form (reload, double click) a replay. */
export function readFormKey(body: unknown): string | undefined {
  const key = record(body).idempotencyKey;
  return typeof key === 'string' && IDEMPOTENCY_KEY_PATTERN.test(key) ? key : undefined;
}

const lines = (value: string): string[] =>
  value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');

/**
 * The form as the REST body it stands for, for the same schema to validate; what cannot be
 * read as such (a claim line without `=`) is reported with the field and line it is on.
 */
export function toClientFields(form: ClientFormValues): {
  fields: ClientFields;
  problems: ProblemDetail[];
} {
  const problems: ProblemDetail[] = [];
  const claims: Record<string, string> = {};
  lines(form.customClaims).forEach((line, index) => {
    const at = line.indexOf('=');
    if (at <= 0) {
      problems.push({
        field: `customClaims (line ${index + 1})`,
        problem: 'must be name=value',
      });
      return;
    }
    claims[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  });
  const expiry = form.expiry.trim();
  const fields: ClientFields = {
    name: form.name,
    description: form.description === '' ? undefined : form.description,
    scopes: form.scopes,
    audience: lines(form.audience),
    customClaims: claims,
    // Digits become a number for the schema to bound; anything else stays text, which the
    // schema refuses with the same message the REST API gives.
    expiry: expiry === '' ? undefined : /^\d{1,9}$/.test(expiry) ? Number(expiry) : expiry,
  };
  return { fields, problems };
}

/** The body of a registration: lists and claims left out when empty, as a REST caller would. */
export function createBody(fields: ClientFields): ClientBody {
  return {
    ...fields,
    audience: fields.audience.length > 0 ? fields.audience : undefined,
    customClaims: Object.keys(fields.customClaims).length > 0 ? fields.customClaims : undefined,
  };
}

/** The form of an existing client, for editing. */
export function formOf(client: ClientView): ClientFormValues {
  return {
    name: client.name,
    description: client.description,
    scopes: client.scopes,
    audience: client.audience.join('\n'),
    customClaims: Object.entries(client.customClaims)
      .map(([name, value]) => `${name}=${value}`)
      .join('\n'),
    expiry: client.expirySeconds === null ? '' : String(client.expirySeconds),
  };
}

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * The PATCH body of an edit: only what differs from the client as it is. Scalekit updates only
 * fields sent with a value, so a field emptied on the form is sent empty and the update schema
 * says it cannot be cleared, rather than the page claiming a change that did not happen.
 */
export function changedFields(fields: ClientFields, current: ClientView): ClientBody {
  const patch: ClientBody = {};
  if (fields.name !== current.name) patch.name = fields.name;
  if ((fields.description ?? '') !== current.description)
    patch.description = fields.description ?? '';
  const { scopes, audience, customClaims: claims } = fields;
  if (!sameList([...scopes].sort(), [...current.scopes].sort())) patch.scopes = scopes;
  if (!sameList(audience, current.audience)) patch.audience = audience;
  const currentClaims = current.customClaims;
  const claimsDiffer =
    Object.keys(claims).length !== Object.keys(currentClaims).length ||
    Object.entries(claims).some(([k, v]) => currentClaims[k] !== v);
  if (claimsDiffer) patch.customClaims = claims;
  if (fields.expiry !== undefined && fields.expiry !== current.expirySeconds)
    patch.expiry = fields.expiry;
  return patch;
}

const LABELS: Readonly<Record<string, string>> = {
  name: 'Name',
  description: 'Description',
  scopes: 'Scopes',
  audience: 'Audience',
  customClaims: 'Custom claims',
  expiry: 'Token lifetime',
};

/**
 * A refused field under the form's label: `audience[1]` is "Audience (line 2)", `customClaims.iss`
 * is "Custom claims: iss", so the admin finds what to fix on the page.
 */
export function labelled(problems: readonly ProblemDetail[]): ProblemDetail[] {
  return problems.map(({ field, problem }) => {
    const match = /^(\w+)(?:\[(\d+)\]|\.(.+))?(.*)$/.exec(field);
    const label = match?.[1] !== undefined ? LABELS[match[1]] : undefined;
    if (!match || !label) return { field, problem };
    const [, , index, key, rest] = match;
    if (index !== undefined) return { field: `${label} (line ${Number(index) + 1})`, problem };
    if (key !== undefined) return { field: `${label}: ${key}`, problem };
    return { field: `${label}${rest ?? ''}`, problem };
  });
}
