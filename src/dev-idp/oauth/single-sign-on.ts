import type { IncomingMessage } from 'node:http';
import { findUser, type DevIdpContext } from '../dev-idp.context';
import { readCookies } from '../http/http-io';
import { SESSION_COOKIE } from './cookies';
import type { BrowserSession, PendingAuthorization } from './grant-records';

/** `prompt` values that ask for the user's interaction (OIDC Core 3.1.2.1); `none` forbids it. */
export const INTERACTIVE_PROMPTS: readonly string[] = ['login', 'consent', 'select_account'];

export function epochSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * `max_age` as a number of seconds, `undefined` when absent, or `null` when it is not a
 * non-negative integer (OIDC Core 3.1.2.1 defines it in whole seconds).
 */
export function parseMaxAge(value: string | null): number | undefined | null {
  if (value === null) return undefined;
  return /^\d{1,10}$/.test(value) ? Number(value) : null;
}

/**
 * Whether an authentication at `authTime` may still answer a request with this `max_age`: the OP
 * must re-authenticate once the elapsed time is greater than max_age, and `max_age=0` means
 * "always", like `prompt=login` (OIDC Core 3.1.2.1).
 */
export function isRecentEnough(authTime: number, maxAge: number | undefined, now: number): boolean {
  if (maxAge === undefined) return true;
  return maxAge > 0 && now - authTime <= maxAge;
}

/**
 * The browser's stand-in session when it may answer this authorization request without asking
 * the user (single sign-on): none when a prompt asks for interaction, when the authentication is
 * older than `max_age`, or when the request names another user or organization than the session's.
 */
export function reusableSession(
  ctx: DevIdpContext,
  req: IncomingMessage,
  request: PendingAuthorization,
  prompts: readonly string[],
): BrowserSession | undefined {
  if (prompts.some((p) => INTERACTIVE_PROMPTS.includes(p))) return undefined;
  const session = ctx.grants.findBrowserSession(readCookies(req).get(SESSION_COOKIE));
  if (!session || !isRecentEnough(session.authTime, request.maxAge, epochSeconds()))
    return undefined;
  const user = findUser(ctx, { id: session.userId });
  if (!user) return undefined;
  if (request.organizationId !== undefined && user.organizationId !== request.organizationId)
    return undefined;
  if (request.loginHint !== undefined && user.email !== request.loginHint.toLowerCase())
    return undefined;
  return session;
}
