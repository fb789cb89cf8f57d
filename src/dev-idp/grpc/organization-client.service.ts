import { Code, ConnectError, type ServiceImpl } from '@connectrpc/connect';
import { ClientService } from '../../scalekit/sdk-protos';
import type { DevIdpContext } from '../dev-idp.context';
import type { StoredClient } from '../store/stored-client';
import { fieldsFromMessage, validateFields } from './client-fields';
import { clientMessage, secretMessage } from './m2m-client.message';
import { PageTokens } from './page-token';

type OrganizationClientMethods = Pick<
  ServiceImpl<typeof ClientService>,
  | 'createOrganizationClient'
  | 'listOrganizationClients'
  | 'getOrganizationClient'
  | 'updateOrganizationClient'
  | 'deleteOrganizationClient'
  | 'createOrganizationClientSecret'
  | 'deleteOrganizationClientSecret'
>;

/** Upper bound of secrets per client: enough for a rotation overlap, small enough to notice leaks. */
const MAX_SECRETS = 5;

/**
 * The seven organization-client methods of `scalekit.v1.clients.ClientService` that the SDK's
 * `m2m` client calls. The service's other methods are left unimplemented (UNIMPLEMENTED).
 */
export function organizationClientService(ctx: DevIdpContext): OrganizationClientMethods {
  const pages = new PageTokens();
  const organization = (organizationId: string): string => {
    if (organizationId === '')
      throw new ConnectError('organization_id is required', Code.InvalidArgument);
    if (!ctx.seed.organizations.some((o) => o.id === organizationId)) {
      throw new ConnectError(`organization ${organizationId} not found`, Code.NotFound);
    }
    return organizationId;
  };
  const client = (organizationId: string, clientId: string): StoredClient => {
    const found = ctx.clients.get(organization(organizationId), clientId);
    if (!found) throw new ConnectError(`client ${clientId} not found`, Code.NotFound);
    return found;
  };

  return {
    createOrganizationClient(req) {
      const orgId = organization(req.organizationId);
      const fields = fieldsFromMessage(req.client);
      validateFields(fields, true);
      const created = ctx.clients.create(orgId, fields);
      return { client: clientMessage(created.client), plainSecret: created.plainSecret };
    },
    listOrganizationClients(req) {
      const orgId = organization(req.organizationId);
      const all = ctx.clients.list(orgId);
      const { offset, size } = pages.read(orgId, req.pageSize, req.pageToken);
      const end = offset + size;
      return {
        clients: all.slice(offset, end).map(clientMessage),
        totalSize: all.length,
        nextPageToken: end < all.length ? pages.encode(orgId, end) : '',
        prevPageToken: offset > 0 ? pages.encode(orgId, Math.max(0, offset - size)) : '',
      };
    },
    getOrganizationClient(req) {
      return { client: clientMessage(client(req.organizationId, req.clientId)) };
    },
    updateOrganizationClient(req) {
      const existing = client(req.organizationId, req.clientId);
      const fields = fieldsFromMessage(req.client);
      validateFields(fields, false);
      return { client: clientMessage(ctx.clients.update(existing, fields)) };
    },
    deleteOrganizationClient(req) {
      ctx.clients.delete(client(req.organizationId, req.clientId));
      return {};
    },
    createOrganizationClientSecret(req) {
      const existing = client(req.organizationId, req.clientId);
      if (existing.secrets.length >= MAX_SECRETS) {
        throw new ConnectError(
          `a client has at most ${MAX_SECRETS} secrets; remove one first`,
          Code.FailedPrecondition,
        );
      }
      const added = ctx.clients.addSecret(existing);
      return {
        plainSecret: added.plainSecret,
        secret: secretMessage(added.secret, added.plainSecret),
      };
    },
    deleteOrganizationClientSecret(req) {
      const existing = client(req.organizationId, req.clientId);
      if (!ctx.clients.removeSecret(existing, req.secretId)) {
        throw new ConnectError(`secret ${req.secretId} not found`, Code.NotFound);
      }
      return {};
    },
  };
}
