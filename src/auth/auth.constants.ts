/** Injection token of the resolved {@link AuthSettings}. */
export const AUTH_SETTINGS = Symbol('AUTH_SETTINGS');

/** Name of the passport-jwt strategy, for `AuthGuard(SCALEKIT_JWT_STRATEGY)`. */
export const SCALEKIT_JWT_STRATEGY = 'scalekit-jwt';
