import type { Principal } from '@scalekit-nest/auth';

/**
 * What a caller holds for the admin API's rules: users are judged by permissions, API clients by
 * scopes. A scope never stands in for a permission, nor a permission for a client's scope.
 */
export function heldGrants(principal: Principal): ReadonlySet<string> {
  return principal.kind === 'user' ? principal.permissions : principal.scopes;
}
