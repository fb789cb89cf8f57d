/**
 * `@scalekit-nest/auth`: bearer-token protection for NestJS by decorator. Import from the
 * package name only; `@scalekit-nest/auth/testing` has the test kit and
 * `@scalekit-nest/auth/passport` the passport strategy.
 *
 * @packageDocumentation
 */
export { AuthModule } from './auth.module';
export { AUTH_MODULE_OPTIONS } from './auth.module-definition';
export type { AuthModuleExtras } from './auth.module-definition';
export { VERIFIABLE_ALGORITHM_NAMES } from './auth-options';
export type { AuthModuleOptions, IssuerOptions, VerifiableAlgorithm } from './auth-options';
export { AccessGuard } from './access.guard';

export type { Principal, PrincipalKind, CredentialKind } from './principal';
export type { CredentialSource } from './credential-source';
export type { CredentialReader } from './contexts/auth-call';
export { CredentialSourceRegistry } from './credential-source.registry';
export { getPrincipal, principalOf } from './request-state';
export { refusalFor } from './contexts/call-reader';
export { rememberHandshake } from './contexts/ws.context';
export { SubscriptionExpiry } from './contexts/subscription-expiry.interceptor';
export { TokenVerifier } from './token/token-verifier';
export type { SignedTokenRules } from './token/token-verifier';
export { isCompactJws } from './token/jwt-inspection';
export { JwksKeySet } from './keys/jwks-key-set';
export type { KeySetState, KeySetStatus } from './keys/jwks-key-set';
export type { VerificationKey } from './keys/jwks-fetcher';
export { readRouteRequirements } from './route-requirements';
export type { RouteRequirements } from './route-requirements';

export { Public } from './decorators/public.decorator';
export { OptionalAuth } from './decorators/optional-auth.decorator';
export { Scopes, AnyScope } from './decorators/scopes.decorator';
export { Permissions, AnyPermission } from './decorators/permissions.decorator';
export { CurrentPrincipal } from './decorators/current-principal.decorator';
export type { CurrentPrincipalOptions } from './decorators/current-principal.decorator';

export {
  AuthError,
  MissingCredentialsError,
  InvalidTokenError,
  InsufficientScopeError,
  AccessDeniedError,
  KeySetUnavailableError,
  isScopeToken,
} from './errors';
export type { AuthErrorBody, InvalidTokenDescription } from './errors';
