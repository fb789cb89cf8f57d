import type { ExecutionContext } from '@nestjs/common';
import { AuthError } from '../errors';
import { parseAuthorization } from '../token/bearer-credentials';
import type { AuthCall, CredentialReader } from './auth-call';
import { graphqlRefusal, readGraphqlCall } from './graphql.context';
import { readHttpCall, setErrorHeaders } from './http.context';
import { readWsCall, wsRefusal } from './ws.context';

const BUILT_IN: Readonly<Record<string, (context: ExecutionContext) => AuthCall>> = {
  http: readHttpCall,
  graphql: readGraphqlCall,
  ws: readWsCall,
};

/**
 * The call behind `context`, read by the app's reader for its type if it registered one, else
 * by the built-in one (HTTP, GraphQL, WebSocket). `undefined` for a type nothing can read (RPC
 * without a reader): the guard denies those calls.
 */
export function readCall(
  context: ExecutionContext,
  readers: ReadonlyMap<string, CredentialReader>,
): AuthCall | undefined {
  const type = context.getType<string>();
  const custom = readers.get(type);
  if (custom) {
    const { carrier, authorization, persistent } = custom.read(context);
    return {
      carrier,
      authorization: parseAuthorization(authorization),
      persistent: persistent ?? false,
      label: type,
    };
  }
  return BUILT_IN[type]?.(context);
}

/**
 * What to throw for an auth error in `context`, so the client gets the refusal in its own
 * protocol: over HTTP the error itself, with its headers already on the response; in GraphQL a
 * GraphQLError; in a gateway a WsException. Other errors are rethrown unchanged.
 */
export function refusalFor(context: ExecutionContext, error: unknown): unknown {
  if (!(error instanceof AuthError)) return error;
  switch (context.getType<string>()) {
    case 'http':
      setErrorHeaders(context, error);
      return error;
    case 'graphql':
      return graphqlRefusal(error);
    case 'ws':
      return wsRefusal(error);
    default:
      return error;
  }
}
