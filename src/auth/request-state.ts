import type { Principal } from './principal';

/**
 * What the auth layer remembers about one request. Kept in a WeakMap rather than on the request
 * object, so nothing else can forge or overwrite it and it goes away with the request.
 */
interface RequestAuthState {
  realm?: string;
  principal?: Principal;
}

const states = new WeakMap<object, RequestAuthState>();

function stateOf(request: object): RequestAuthState {
  let state = states.get(request);
  if (!state) {
    state = {};
    states.set(request, state);
  }
  return state;
}

/**
 * The principal the global guard attached to `request`, or `undefined` on a public route or
 * before the guard ran. Guards and handlers read it instead of authenticating again.
 */
export function getPrincipal(request: object): Principal | undefined {
  return states.get(request)?.principal;
}

/** Attaches the principal; called once per request by the authenticator. */
export function attachPrincipal(request: object, principal: Principal): void {
  stateOf(request).principal = principal;
}

/**
 * Remembers the realm of the AuthModule that handled `request`, so an auth error thrown later
 * (by a controller guard, say) can build its `WWW-Authenticate` challenge without knowing it.
 */
export function stampRealm(request: object, realm: string): void {
  stateOf(request).realm = realm;
}

export function realmOf(request: object): string | undefined {
  return states.get(request)?.realm;
}
