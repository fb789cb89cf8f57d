/** Request header naming a retry-safe attempt (draft-ietf-httpapi-idempotency-key-header). */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/** Set to `true` on a response replayed from the store rather than produced again. */
export const IDEMPOTENT_REPLAY_HEADER = 'idempotent-replayed';

/** Visible ASCII, 8-255 characters: long enough not to collide by accident (a UUID is ideal). */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{8,255}$/;
