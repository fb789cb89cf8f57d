/**
 * Test kit of `@scalekit-nest/auth`: a real issuer on loopback and a one-liner that points the
 * AuthModule at it. Import from `@scalekit-nest/auth/testing` in tests only.
 *
 * @packageDocumentation
 */
export { TestIssuer, b64url, signJwt } from './test-issuer';
export type {
  TestAlgorithm,
  TestKey,
  TestIssuerOptions,
  MintOptions,
  UserTokenClaims,
  ClientTokenClaims,
  JwksOutage,
} from './test-issuer';
export { useTestIssuer } from './use-test-issuer';
/**
 * Attaches a principal to a request (or socket) as the guard would, for unit tests of an app's
 * own guards and handlers that read it with `getPrincipal`/`@CurrentPrincipal()`.
 */
export { attachPrincipal } from '../request-state';
