/**
 * The AuthModule's public surface: import from `src/auth` only, never from its inner files.
 *
 * @packageDocumentation
 */
export { AuthModule } from './auth.module';
export type { AuthModuleOptions } from './auth-options';
export { SCALEKIT_JWT_STRATEGY } from './auth.constants';

export type { Principal, PrincipalKind, CredentialKind } from './principal';
export type { CredentialSource } from './credential-source';
export { CredentialSourceRegistry } from './credential-source.registry';
export { getPrincipal } from './request-state';
export { TokenVerifier } from './token/token-verifier';
export { isCompactJws } from './token/jwt-inspection';
export { JwksKeySet } from './keys/jwks-key-set';
export type { KeySetState, KeySetStatus } from './keys/jwks-key-set';
export { ScalekitJwtStrategy } from './jwt.strategy';

export { Public } from './decorators/public.decorator';
export { Scopes, AnyScope } from './decorators/scopes.decorator';
export { Permissions, AnyPermission } from './decorators/permissions.decorator';
export { CurrentPrincipal } from './decorators/current-principal.decorator';

export {
  AuthError,
  MissingCredentialsError,
  InvalidTokenError,
  InsufficientScopeError,
  AccessDeniedError,
  KeySetUnavailableError,
} from './errors';
export type { AuthErrorBody, InvalidTokenDescription } from './errors';
