import type { ExecutionContext } from '@nestjs/common';
import type { GraphQLError } from 'graphql';
import { AuthError, InsufficientScopeError, KeySetUnavailableError } from '../errors';
import { parseAuthorization, readAuthorization } from '../token/bearer-credentials';
import type { AuthCall } from './auth-call';
import { incomingMessageOf } from './http.context';
import { optionalPeer } from './optional-peer';

/**
 * The GraphQL context (the resolver's third argument) of the drivers the module knows:
 * Apollo's `{ req }`, Mercurius's `{ reply }` (with `reply.request`), and a subscription's
 * context with the graphql-ws `connectionParams`.
 */
interface GraphqlContextLike {
  readonly req?: object;
  readonly request?: object;
  readonly reply?: { readonly request?: object };
  readonly connectionParams?: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/**
 * Queries and mutations are judged by the bearer token of their HTTP request; subscriptions
 * over graphql-ws by the `authorization` (or `Authorization`) connection parameter, remembered
 * for the connection (its `connectionParams` object is the carrier).
 */
export function readGraphqlCall(context: ExecutionContext): AuthCall {
  const gql = context.getArgByIndex<GraphqlContextLike | undefined>(2) ?? {};
  const params = gql.connectionParams;
  if (isObject(params)) {
    return {
      carrier: params,
      authorization: parseAuthorization(params.authorization ?? params.Authorization),
      persistent: true,
      handlerContext: gql,
      label: 'graphql subscription',
    };
  }
  const request = gql.req ?? gql.request ?? gql.reply?.request;
  if (request) {
    return {
      carrier: request,
      authorization: readAuthorization(incomingMessageOf(request)),
      httpRequest: request,
      persistent: false,
      handlerContext: gql,
      label: 'graphql operation',
    };
  }
  return { carrier: gql, authorization: { kind: 'absent' }, persistent: false, label: 'graphql' };
}

/** GraphQL `extensions.code` of each outcome (the codes Apollo and Mercurius users expect). */
function graphqlCode(error: AuthError): string {
  if (error instanceof KeySetUnavailableError) return 'SERVICE_UNAVAILABLE';
  return error.getStatus() === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN';
}

/**
 * An auth error as the GraphQL error the client sees: `extensions.code` `UNAUTHENTICATED` or
 * `FORBIDDEN`, the module's own code as `extensions.error`, and the missing scopes as
 * `extensions.scope`. A GraphQLError passes every driver's formatting unchanged, where an
 * HttpException would be turned into a 500-like `INTERNAL_SERVER_ERROR` by some.
 */
export function graphqlRefusal(error: AuthError): GraphQLError {
  const { GraphQLError: GraphQLErrorClass } = optionalPeer<typeof import('graphql')>('graphql');
  const extensions: Record<string, unknown> = { code: graphqlCode(error), error: error.code };
  if (error instanceof InsufficientScopeError) extensions.scope = error.requiredScopes.join(' ');
  if (error instanceof KeySetUnavailableError)
    extensions.retryAfter = Math.max(1, Math.ceil(error.retryAfterSec));
  const refusal = new GraphQLErrorClass(error.message, { extensions });
  refusals.add(refusal);
  return refusal;
}

/** The GraphQL errors made by {@link graphqlRefusal}, recognized by {@link GraphqlRefusal}. */
const refusals = new WeakSet<object>();

/**
 * Matches the errors {@link graphqlRefusal} made, for `@Catch()` (which tests with
 * `instanceof`): `graphql` is an optional peer, so its GraphQLError cannot be named at load time.
 */
export class GraphqlRefusal {
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && refusals.has(value);
  }
}
