import { isScopeToken } from '../errors/challenge';

/**
 * Checks decorator arguments when the class is defined, so a typo such as `@Scopes()` or
 * `@Scopes('read deployments')` fails at start-up instead of silently opening or closing a route.
 */
export function requirementValues(decorator: string, values: readonly string[]): readonly string[] {
  if (values.length === 0) throw new TypeError(`@${decorator}() needs at least one value`);
  for (const value of values) {
    // Permissions follow the scope-token rule too: safe to echo, and no blank hides a typo.
    if (!isScopeToken(value)) {
      throw new TypeError(`@${decorator}(): ${JSON.stringify(value)} is not a valid scope-token`);
    }
  }
  return Object.freeze([...new Set(values)]);
}
