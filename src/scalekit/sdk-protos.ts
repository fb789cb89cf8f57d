/**
 * The one place this repository imports the SDK's generated protobuf code (the service's result
 * mapper, the stand-in's gRPC service, and their tests). The path is inside the
 * package (`lib/pkg/...`, not a public entry point) and may move in another SDK release, which is
 * why the SDK is pinned (../shared/reference/scalekit-sdk-wire.md): one file to change then.
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
