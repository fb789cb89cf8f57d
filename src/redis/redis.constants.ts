/** Injection token of the service's one Redis client (`Redis | null`: `null` without `REDIS_URL`). */
export const REDIS = Symbol('REDIS');
