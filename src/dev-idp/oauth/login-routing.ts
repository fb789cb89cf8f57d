import type { DevIdpContext } from '../dev-idp.context';
import type { DevIdpOrganization } from '../seed/seed-loader';
import type { SeedConnection } from '../seed/seed.schema';
import { SOCIAL_PROVIDERS } from '../../scalekit/social-providers';
import { OAuthError } from './oauth-error';

/** Where an authorization request signs the user in. */
export interface LoginRouting {
  /** Only members of this organization may sign in. */
  readonly organizationId?: string;
  /** The organization's SSO connection the sign-in goes through. */
  readonly connection?: SeedConnection;
  readonly provider?: string;
}

/**
 * Scalekit's routing of a login, in the order it applies them: an explicit `connection_id`,
 * then `organization_id`, then the domain (`domain_hint`, or the domain of a `login_hint`
 * email). An unknown connection or organization is an error for the client (it named one that
 * does not exist); an unknown domain is not (the user may simply not be an SSO customer's).
 */
export function routeLogin(ctx: DevIdpContext, query: URLSearchParams): LoginRouting {
  const organizations = ctx.seed.organizations;
  const connectionId = query.get('connection_id') ?? undefined;
  const organizationId = query.get('organization_id') ?? undefined;
  const provider = query.get('provider') ?? undefined;
  if (provider !== undefined && !SOCIAL_PROVIDERS.includes(provider))
    throw new OAuthError('invalid_request', 'unknown provider');
  if (connectionId !== undefined) {
    const owner = organizations.find((o) => o.connections.some((c) => c.id === connectionId));
    if (!owner) throw new OAuthError('invalid_request', 'unknown connection_id');
    if (organizationId !== undefined && owner.id !== organizationId)
      throw new OAuthError(
        'invalid_request',
        'connection_id is not a connection of organization_id',
      );
    return {
      organizationId: owner.id,
      connection: owner.connections.find((c) => c.id === connectionId),
    };
  }
  if (organizationId !== undefined) {
    const named = organizations.find((o) => o.id === organizationId);
    if (!named) throw new OAuthError('invalid_request', 'unknown organization_id');
    return through(named);
  }
  if (provider !== undefined) return { provider };
  const domain = query.get('domain_hint') ?? emailDomain(query.get('login_hint'));
  const owner = domain && organizations.find((o) => o.domains.includes(domain.toLowerCase()));
  return owner ? through(owner) : {};
}

function through(organization: DevIdpOrganization): LoginRouting {
  return { organizationId: organization.id, connection: organization.connections[0] };
}

function emailDomain(email: string | null): string | undefined {
  const at = email?.lastIndexOf('@') ?? -1;
  return email && at > 0 ? email.slice(at + 1) : undefined;
}
