import { connectNodeAdapter } from '@connectrpc/connect-node';
import { ClientService, OrganizationService } from '../../scalekit/sdk-protos';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import type { DevIdpContext } from '../dev-idp.context';
import { adminAuthInterceptor } from './admin-auth.interceptor';
import { organizationClientService } from './organization-client.service';
import { organizationService } from './organization.service';

/** The stand-in's HTTP/2 side: gRPC (the SDK's transport) only, as Scalekit's management API. */
export function createGrpcApp(
  ctx: DevIdpContext,
): (req: Http2ServerRequest, res: Http2ServerResponse) => void {
  return connectNodeAdapter({
    grpc: true,
    grpcWeb: false,
    connect: false,
    interceptors: [adminAuthInterceptor(ctx)],
    routes: (router) =>
      router
        .service(ClientService, organizationClientService(ctx))
        .service(OrganizationService, organizationService(ctx)),
  });
}
