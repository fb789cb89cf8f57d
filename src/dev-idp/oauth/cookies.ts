// The stand-in shares 127.0.0.1 with the app, and cookies ignore ports: its cookie names carry a
// `devidp_` prefix so they can never collide with the app's session cookie.

/** Binds a login page to the browser that opened it. */
export const LOGIN_BINDING_COOKIE = 'devidp_login';
/** The stand-in's own single-sign-on session. */
export const SESSION_COOKIE = 'devidp_session';
