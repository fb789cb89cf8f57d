import { HttpStatus } from '@nestjs/common';
import { AdminHttpError, ProblemDetail } from './admin-http.error';

/** What a Standard Schema validator reports (zod issues are a superset of this). */
export interface SchemaIssue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }>;
}

/** `["scopes", 2]` -> `scopes[2]`, `["customClaims", "iss"]` -> `customClaims.iss`, `[]` -> `(body)`. */
export function fieldName(path: SchemaIssue['path'], root = '(body)'): string {
  let name = '';
  for (const raw of path ?? []) {
    const segment = typeof raw === 'object' && raw !== null ? raw.key : raw;
    if (typeof segment === 'number') name += `[${segment}]`;
    else name += name === '' ? String(segment) : `.${String(segment)}`;
  }
  return name === '' ? root : name;
}

function unrecognizedKeys(issue: SchemaIssue): readonly string[] | undefined {
  if (!('code' in issue) || issue.code !== 'unrecognized_keys') return undefined;
  const keys: unknown = (issue as { keys?: unknown }).keys;
  return Array.isArray(keys) ? keys.map(String) : undefined;
}

/**
 * Turns validator issues into one `{ field, problem }` per problem. zod reports unknown fields as
 * one issue on the parent object; each is split out so the caller sees every field it must drop.
 */
export function toProblems(issues: readonly SchemaIssue[], root?: string): ProblemDetail[] {
  const problems: ProblemDetail[] = [];
  for (const issue of issues) {
    const keys = unrecognizedKeys(issue);
    if (keys) {
      for (const key of keys) {
        problems.push({
          field: fieldName([...(issue.path ?? []), key], root),
          problem: 'unknown field',
        });
      }
    } else {
      problems.push({ field: fieldName(issue.path, root), problem: issue.message });
    }
  }
  return problems;
}

/** 400 `validation_failed`, naming each problem. */
export class AdminValidationError extends AdminHttpError {
  constructor(details: readonly ProblemDetail[], message = 'The request is invalid; see details') {
    super(HttpStatus.BAD_REQUEST, 'validation_failed', message, details);
  }

  static fromIssues(issues: readonly SchemaIssue[], root?: string): AdminValidationError {
    return new AdminValidationError(toProblems(issues, root));
  }
}
