import { IdentityProviderUnavailableError, LoginFailedError } from '../session.errors';

const MESSAGES: Readonly<Record<string, string>> = {
  invalid_state: 'This sign-in link is invalid, expired or was already used. Please sign in again.',
  missing_code: 'The identity provider sent no authorization code. Please sign in again.',
  invalid_grant: 'The authorization code is invalid or was already used. Please sign in again.',
};

/** A failed login (400) with a message fit for the page; `reason` goes to the log only. */
export function failed(code: string, reason: string): LoginFailedError {
  return new LoginFailedError(
    code,
    MESSAGES[code] ?? 'Sign-in failed: the identity provider answer could not be verified',
    reason,
  );
}

/** No Scalekit environment configured: sign-in cannot work at all (503, with what to set). */
export function notConfigured(): IdentityProviderUnavailableError {
  return new IdentityProviderUnavailableError(
    'no Scalekit configuration',
    'login_not_configured',
    'Sign-in is not configured on this server (SCALEKIT_ENVIRONMENT_URL, SCALEKIT_CLIENT_ID, SCALEKIT_CLIENT_SECRET)',
  );
}
