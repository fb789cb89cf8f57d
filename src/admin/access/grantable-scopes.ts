import type { AppRouteRequirements } from '../../routes/route-requirements';
import { API_CLIENTS_ADMIN } from '../../config/admin.config';

/**
 * The default of `ADMIN_GRANTABLE_SCOPES`: every scope a route of this service requires (its
 * `@Scopes`/`@AnyScope`, and the admin routes' own `api_clients:read`/`api_clients:write`), read
 * from the same metadata the guards enforce. A scope no route asks for opens nothing here, so an
 * admin has no reason to grant it; `api_clients:admin` lifts tenant isolation and is never in it.
 */
export function grantableScopesFrom(routes: Iterable<AppRouteRequirements>): ReadonlySet<string> {
  const scopes = new Set<string>();
  for (const route of routes) {
    for (const scope of [...route.allScopes, ...route.anyScope.flat()]) scopes.add(scope);
    if (route.organizationAccess) scopes.add(route.organizationAccess.permission);
  }
  scopes.delete(API_CLIENTS_ADMIN);
  return scopes;
}
