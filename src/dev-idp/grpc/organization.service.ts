import { Code, ConnectError, type ServiceImpl } from '@connectrpc/connect';
import { OrganizationService } from '../../scalekit/sdk-protos';
import type { DevIdpContext } from '../dev-idp.context';

/**
 * `scalekit.v1.organizations.OrganizationService.GetOrganization` by Scalekit id, as the SDK's
 * `organization.getOrganization(id)` calls it: the app shows organizations by name. Lookup by
 * external id, and the service's other methods, are left unimplemented (the seed has no
 * external ids, and the app never changes organizations).
 */
export function organizationService(
  ctx: DevIdpContext,
): Pick<ServiceImpl<typeof OrganizationService>, 'getOrganization'> {
  return {
    getOrganization(req) {
      if (req.identities.case !== 'id')
        throw new ConnectError('only lookup by id is supported', Code.Unimplemented);
      const id = req.identities.value;
      const found = ctx.seed.organizations.find((o) => o.id === id);
      if (!found) throw new ConnectError(`organization ${id} not found`, Code.NotFound);
      return { organization: { id: found.id, displayName: found.name } };
    },
  };
}
