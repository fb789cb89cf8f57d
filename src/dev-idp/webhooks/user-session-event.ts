import type { DevIdpUser } from '../seed/seed-loader';

/** How a stand-in session ended, in the words of Scalekit's `user_session.status`. */
export type SessionEnd = 'logout';

/**
 * The `data` of `user.login` / `user.logout` as Scalekit's webhook reference shapes it: the user
 * and the Scalekit session (`user_session.session_id` is the `sid` of the tokens issued in it).
 */
export function userSessionEventData(
  user: DevIdpUser,
  session: { readonly sessionId: string; readonly authTime: number },
  ended?: SessionEnd,
): Readonly<Record<string, unknown>> {
  const now = new Date().toISOString();
  return {
    user: {
      id: user.id,
      email: user.email,
      external_id: '',
      user_profile: { name: user.name, given_name: user.givenName, family_name: user.familyName },
    },
    user_session: {
      session_id: session.sessionId,
      user_id: user.id,
      organization_id: user.organizationId,
      status: ended ?? 'active',
      created_at: new Date(session.authTime * 1000).toISOString(),
      updated_at: now,
      logout_at: ended === 'logout' ? now : null,
      expired_at: null,
    },
  };
}
