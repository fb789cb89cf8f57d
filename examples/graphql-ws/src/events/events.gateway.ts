import type { IncomingMessage } from 'node:http';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import {
  CurrentPrincipal,
  Principal,
  Public,
  rememberHandshake,
  Scopes,
} from '@scalekit-nest/auth';

/**
 * A gateway that works on both adapters. The global guard reads the token once per connection:
 * socket.io keeps its handshake (`Authorization` header or `auth.token`); a `ws` socket forgets
 * its upgrade request, so `handleConnection` hands it over with `rememberHandshake`.
 */
@WebSocketGateway({ path: '/events' })
export class EventsGateway implements OnGatewayConnection {
  handleConnection(client: object, request?: IncomingMessage): void {
    if (request) rememberHandshake(client, request);
  }

  @Public()
  @SubscribeMessage('ping')
  ping(): { event: string; data: string } {
    return { event: 'pong', data: 'pong' };
  }

  @Scopes('events:read')
  @SubscribeMessage('whoami')
  whoami(
    @CurrentPrincipal() principal: Principal,
    @ConnectedSocket() _client: object,
  ): { event: string; data: { subject: string } } {
    return { event: 'whoami', data: { subject: principal.subject } };
  }

  @Scopes('events:write')
  @SubscribeMessage('publish')
  publish(@MessageBody() body: unknown): { event: string; data: unknown } {
    return { event: 'published', data: body };
  }
}
