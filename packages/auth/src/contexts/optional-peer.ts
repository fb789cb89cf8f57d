/**
 * Loads a package that only some hosts have (`graphql`, `@nestjs/websockets`) when a call of its
 * kind first arrives: a REST-only app does not install them, and importing them at the top
 * would make it. `require` (not a dynamic import) keeps the guard synchronous up to the
 * verification and lets Jest's module registry serve the same copy the host's filters use,
 * which `instanceof` checks (Nest's `WsException` filter) depend on.
 */
export function optionalPeer<T>(name: 'graphql' | '@nestjs/websockets'): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
  return require(name) as T;
}
