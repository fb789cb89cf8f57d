import type { ExecutionContext } from '@nestjs/common';
import type { AuthorizationHeader } from '../token/bearer-credentials';

/** One call (request, GraphQL operation, socket message...) as the guard sees it. */
export interface AuthCall {
  /**
   * What the principal is attached to, and so how long it is remembered: the HTTP request, or
   * for a connection (WebSocket, GraphQL subscription) the connection itself.
   */
  readonly carrier: object;
  /** The credential the call presents. */
  readonly authorization: AuthorizationHeader;
  /** The HTTP request, which credential sources (a session cookie) read; only over HTTP. */
  readonly httpRequest?: object;
  /**
   * The carrier outlives one call (a socket): a remembered principal is checked against its
   * `exp` on every call, so an expired token stops working on an open connection.
   */
  readonly persistent: boolean;
  /**
   * Where the call's handlers look for the principal when it is not the carrier: a resolver sees
   * its GraphQL context object, not the HTTP request or the connection.
   */
  readonly handlerContext?: object;
  /** `GET /path`, `ws message`...: for the debug line of a refusal. */
  readonly label: string;
}

/**
 * Reads a call's credential in one kind of execution context (`context.getType()`). Register one
 * for RPC (or to replace a built-in one) with {@link CredentialSourceRegistry.registerReader}.
 *
 * @example
 * ```ts
 * // Microservice messages carrying `{ authorization: 'Bearer ...' }` in their payload
 * registry.registerReader('rpc', {
 *   read: (context) => ({
 *     carrier: context.switchToRpc().getContext(),
 *     authorization: context.switchToRpc().getData<{ authorization?: string }>().authorization,
 *   }),
 * });
 * ```
 */
export interface CredentialReader {
  read(context: ExecutionContext): {
    /** The object the principal is attached to (one per call, or per connection). */
    readonly carrier: object;
    /** The credential as an `Authorization` value (`Bearer <token>`), if the call has one. */
    readonly authorization: unknown;
    /** Whether the carrier outlives the call (then `exp` is checked on each call). */
    readonly persistent?: boolean;
  };
}
