/** Injection token of {@link SessionSettings}. */
export const SESSION_SETTINGS = Symbol('SESSION_SETTINGS');
