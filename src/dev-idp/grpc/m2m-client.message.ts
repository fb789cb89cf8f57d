import type { MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { ClientSecretSchema, ClientSecretStatus, M2MClientSchema } from '../../scalekit/sdk-protos';
import type { StoredClient, StoredSecret } from '../store/stored-client';

type M2MClientInit = MessageInitShape<typeof M2MClientSchema>;
type ClientSecretInit = MessageInitShape<typeof ClientSecretSchema>;

const timestamp = (iso: string | undefined) => (iso ? timestampFromDate(new Date(iso)) : undefined);

/** A stored secret as Scalekit reports it: metadata and suffix only, the plain secret only when just created. */
export function secretMessage(secret: StoredSecret, plainSecret?: string): ClientSecretInit {
  return {
    id: secret.id,
    createTime: timestamp(secret.createTime),
    updateTime: timestamp(secret.createTime),
    lastUsedTime: timestamp(secret.lastUsedTime),
    secretSuffix: secret.suffix,
    createdBy: secret.createdBy,
    status: ClientSecretStatus.ACTIVE,
    plainSecret,
  };
}

export function clientMessage(client: StoredClient): M2MClientInit {
  return {
    clientId: client.clientId,
    organizationId: client.organizationId,
    name: client.name,
    description: client.description,
    scopes: client.scopes,
    audience: client.audience,
    customClaims: client.customClaims,
    expiry: BigInt(client.expiry),
    createTime: timestamp(client.createTime),
    updateTime: timestamp(client.updateTime),
    secrets: client.secrets.map((s) => secretMessage(s)),
  };
}
