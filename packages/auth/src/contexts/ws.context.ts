import type { ExecutionContext } from '@nestjs/common';
import type { WsException } from '@nestjs/websockets';
import { AuthError, InsufficientScopeError } from '../errors';
import {
  AuthorizationHeader,
  parseAuthorization,
  readAuthorization,
} from '../token/bearer-credentials';
import type { AuthCall } from './auth-call';
import { optionalPeer } from './optional-peer';

/** A socket.io socket: the handshake it was opened with stays on it. */
interface SocketIoLike {
  readonly handshake?: {
    readonly headers?: Record<string, unknown>;
    readonly auth?: Record<string, unknown>;
  };
}

/** Handshakes of `ws` sockets, which do not keep their upgrade request (see {@link rememberHandshake}). */
const handshakes = new WeakMap<object, AuthorizationHeader>();

/**
 * For gateways on the `ws` adapter (`@nestjs/platform-ws`): a `ws` socket forgets the HTTP
 * request it was upgraded from, so the gateway hands it over once, in `handleConnection`.
 * socket.io gateways need nothing: the handshake stays on the socket.
 *
 * @example
 * ```ts
 * @WebSocketGateway()
 * export class EventsGateway implements OnGatewayConnection {
 *   handleConnection(client: WebSocket, request: IncomingMessage) {
 *     rememberHandshake(client, request);
 *   }
 * }
 * ```
 */
export function rememberHandshake(
  client: object,
  request: import('node:http').IncomingMessage,
): void {
  handshakes.set(client, readAuthorization(request));
}

/**
 * socket.io: the handshake's `Authorization` header, else `auth.token` (a bare token or
 * `Bearer <token>`). `ws`: what {@link rememberHandshake} recorded. Read once per connection:
 * the socket is the carrier, so the principal is verified at the first guarded message and its
 * `exp` checked on every later one.
 */
export function readWsCall(context: ExecutionContext): AuthCall {
  const client = context.switchToWs().getClient<object & SocketIoLike>();
  return {
    carrier: client,
    authorization: handshakes.get(client) ?? fromSocketIo(client),
    persistent: true,
    label: `ws message ${String(context.switchToWs().getPattern?.() ?? '')}`.trim(),
  };
}

function fromSocketIo(client: SocketIoLike): AuthorizationHeader {
  const handshake = client.handshake;
  if (!handshake) return { kind: 'absent' };
  const header = handshake.headers?.authorization;
  if (header !== undefined) return parseAuthorization(header);
  const token = handshake.auth?.token;
  if (typeof token === 'string' && !/^bearer /i.test(token))
    return parseAuthorization(`Bearer ${token}`);
  return parseAuthorization(token);
}

/**
 * An auth error as a `WsException`, which Nest's gateway filter sends to the client as an
 * `exception` event: `{ status: 'error', error, message, scope? }`. Any other error would reach
 * the client as "Internal server error".
 */
export function wsRefusal(error: AuthError): WsException {
  const { WsException: WsExceptionClass } =
    optionalPeer<typeof import('@nestjs/websockets')>('@nestjs/websockets');
  return new WsExceptionClass({
    status: 'error',
    error: error.code,
    message: error.message,
    ...(error instanceof InsufficientScopeError ? { scope: error.requiredScopes.join(' ') } : {}),
  });
}
