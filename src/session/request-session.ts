import type { Session } from './session-record';

/** The session the credential source loaded for a request (a WeakMap: nothing else can set it). */
const sessions = new WeakMap<object, Session>();

export function bindSession(request: object, session: Session): void {
  sessions.set(request, session);
}

/** The session behind the request's principal, when it came from the session cookie. */
export function sessionOf(request: object): Session | undefined {
  return sessions.get(request);
}
