import type { Client } from '@connectrpc/connect';
import type { ScalekitClient } from '@scalekit-sdk/node';
import type CoreClient from '@scalekit-sdk/node/lib/core';
import type { MessageInitShape } from '@bufbuild/protobuf';
import type {
  ClientService,
  CreateOrganizationClientResponse,
  OrganizationClientSchema,
  UpdateOrganizationClientResponse,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/clients/clients_pb';

/**
 * The one place this repository reaches into the SDK past its public entry point: its generated
 * protobuf code (used by the service's result mapper, the stand-in's gRPC service and their
 * tests) and the gRPC client its m2m helper holds. The paths are inside the package
 * (`lib/pkg/...`) and may move in another SDK release, which is why the SDK is pinned
 * (../shared/reference/scalekit-sdk-wire.md): one file to change then.
 */
export {
  ClientSecretSchema,
  ClientSecretStatus,
  type ClientSecret,
  type M2MClient,
  ClientService,
  M2MClientSchema,
  type OrganizationClient,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/clients/clients_pb';

export { OrganizationService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/organizations/organizations_pb';

/** An organization client as sent: plain values, `expiry` included. */
export type OrganizationClientInit = MessageInitShape<typeof OrganizationClientSchema>;

/** Create and update of organization clients, with every field of the message. */
export interface OrganizationClientCalls {
  create(
    organizationId: string,
    client: OrganizationClientInit,
  ): Promise<CreateOrganizationClientResponse>;
  update(
    organizationId: string,
    clientId: string,
    client: OrganizationClientInit,
  ): Promise<UpdateOrganizationClientResponse>;
}

/** What `scalekit.m2m` holds in SDK 2.11.0 (private in its types, plain properties at run time). */
interface M2MInternals {
  readonly client?: Client<typeof ClientService>;
  readonly coreClient?: CoreClient;
}

/**
 * The SDK's m2m helper builds the `OrganizationClient` message itself and leaves out `expiry`
 * (lib/m2mclient.js), although the message and Scalekit carry it. These calls send the message
 * we build through the helper's own gRPC client and the SDK's `connectExec`, so authentication,
 * retries and the deadline stay the SDK's. Checked once, at construction: a release that moved
 * them fails at boot, not on the first admin request.
 */
export function organizationClientCalls(sdk: ScalekitClient): OrganizationClientCalls {
  const { client, coreClient } = sdk.m2m as unknown as M2MInternals;
  if (!client || typeof coreClient?.connectExec !== 'function')
    throw new Error(
      'this @scalekit-sdk/node release no longer holds the ClientService client where 2.11.0 did: update src/scalekit/sdk-protos.ts',
    );
  return {
    create: (organizationId, message) =>
      coreClient.connectExec(client.createOrganizationClient, { organizationId, client: message }),
    update: (organizationId, clientId, message) =>
      coreClient.connectExec(client.updateOrganizationClient, {
        organizationId,
        clientId,
        client: message,
      }),
  };
}
