/** Injection token of {@link SessionSettings}. */
export const SESSION_SETTINGS = Symbol('SESSION_SETTINGS');
/** The session module's Redis client (`null` with the embedded store). */
export const SESSION_REDIS = Symbol('SESSION_REDIS');
