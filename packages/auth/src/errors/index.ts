export { AuthError } from './auth.error';
export type { AuthErrorBody } from './auth.error';
export { AccessDeniedError } from './access-denied.error';
export { InsufficientScopeError } from './insufficient-scope.error';
export { InvalidTokenError } from './invalid-token.error';
export type { InvalidTokenDescription } from './invalid-token.error';
export { KeySetUnavailableError } from './key-set-unavailable.error';
export { MissingCredentialsError } from './missing-credentials.error';
export { isScopeToken } from './challenge';
