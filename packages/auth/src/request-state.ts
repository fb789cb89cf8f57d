import type { ExecutionContext } from '@nestjs/common';
import type { Principal } from './principal';

/**
 * What the auth layer remembers about one carrier (an HTTP request, a socket, a GraphQL
 * context). Kept in a WeakMap rather than on the object, so nothing else can forge or overwrite
 * it and it goes away with the carrier. Also the faster of the two, measured: a property (even
 * under a private symbol) added to the framework's request objects gives them a second shape,
 * and every later hook and handler that reads the request then runs slower; the protected
 * route lost about 8% that way.
 */
interface CarrierAuthState {
  realm?: string;
  principal?: Principal;
}

const states = new WeakMap<object, CarrierAuthState>();

function stateOf(carrier: object): CarrierAuthState {
  let state = states.get(carrier);
  if (!state) {
    state = {};
    states.set(carrier, state);
  }
  return state;
}

/**
 * The principal the guard attached to `carrier` (the HTTP request, the socket, the GraphQL
 * context), or `undefined` on a public route or before the guard ran. Guards and handlers read
 * it instead of authenticating again.
 */
export function getPrincipal(carrier: object): Principal | undefined {
  return states.get(carrier)?.principal;
}

/**
 * The principal of the call behind `context`, whatever its type: the guard attaches it to the
 * request (HTTP, GraphQL operations), the GraphQL context, or the socket (gateways), which are
 * among the context's arguments.
 */
export function principalOf(context: ExecutionContext): Principal | undefined {
  for (const arg of context.getArgs<unknown[]>()) {
    if (typeof arg === 'object' && arg !== null) {
      const principal = states.get(arg)?.principal;
      if (principal) return principal;
    }
  }
  return undefined;
}

/** Attaches the principal; called once per carrier by the authenticator. */
export function attachPrincipal(carrier: object, principal: Principal): void {
  stateOf(carrier).principal = principal;
}

/**
 * Remembers the realm of the AuthModule that handled `carrier`, so an auth error thrown later
 * (by a controller guard, say) can build its `WWW-Authenticate` challenge without knowing it.
 */
export function stampRealm(carrier: object, realm: string): void {
  stateOf(carrier).realm = realm;
}

export function realmOf(carrier: object): string | undefined {
  return states.get(carrier)?.realm;
}
