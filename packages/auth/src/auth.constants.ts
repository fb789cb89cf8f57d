/** Injection token of the resolved {@link AuthSettings}. */
export const AUTH_SETTINGS = Symbol('AUTH_SETTINGS');
