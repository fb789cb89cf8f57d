import { HttpStatus, Logger } from '@nestjs/common';
import type { Principal } from '@scalekit-nest/auth';
import { AdminHttpError } from '../errors/admin-http.error';
import { AdminValidationError } from '../errors/validation-problems';
import { heldGrants } from './held-grants';
import { API_CLIENTS_ADMIN } from '../../config/admin.config';

/**
 * Which scopes a caller may give an API client. A client's scopes are what its own token can do,
 * here included: an organization admin who could grant `api_clients:admin` would mint a client
 * that manages every other organization's clients. So:
 *
 * - `api_clients:admin` only by a caller who holds it (a user as a permission, a client as a
 *   scope: the tenant guard's rule), else 403 `scope_not_grantable`;
 * - any other scope only from the grantable set (`ADMIN_GRANTABLE_SCOPES`, by default the scopes
 *   the routes require), else 400 `validation_failed` naming `scopes[i]`.
 *
 * Checked on create and on every PATCH that sends `scopes`, before anything reaches Scalekit.
 */
export class ScopeGrantPolicy {
  private readonly logger = new Logger(ScopeGrantPolicy.name);
  private readonly listed: string;

  constructor(readonly grantable: ReadonlySet<string>) {
    this.listed = [...grantable].sort().join(', ');
  }

  /** Throws unless `grantor` may give a client every one of `scopes`. */
  check(grantor: Principal, scopes: readonly string[]): void {
    if (scopes.includes(API_CLIENTS_ADMIN) && !heldGrants(grantor).has(API_CLIENTS_ADMIN)) {
      this.logger.debug(`${grantor.kind} ${grantor.subject} may not grant ${API_CLIENTS_ADMIN}`);
      throw new AdminHttpError(
        HttpStatus.FORBIDDEN,
        'scope_not_grantable',
        `Only a caller holding ${API_CLIENTS_ADMIN} may grant ${API_CLIENTS_ADMIN}`,
      );
    }
    const problems = scopes.flatMap((scope, index) =>
      scope === API_CLIENTS_ADMIN || this.grantable.has(scope)
        ? []
        : [
            {
              field: `scopes[${index}]`,
              problem: `"${scope}" is not a scope this service grants (grantable: ${this.listed})`,
            },
          ],
    );
    if (problems.length > 0) throw new AdminValidationError(problems);
  }
}
