import {
  AuthError,
  KeySetUnavailableError,
  type SignedTokenRules,
  type TokenVerifier,
} from '@scalekit-nest/auth';
import { storeKeyOf } from '../session-crypto';
import type { SessionStore } from '../store/session-store';

/** What each flow answers when a token is refused: a bad token, or the issuer's keys out of reach. */
export interface TokenRefusals {
  readonly invalid: (reason: string) => Error;
  readonly unavailable: (message: string) => Error;
}

/**
 * The checks every token Scalekit sends the service shares (ID, IdP-initiated and logout
 * tokens): signature, `iss`, `aud`, `exp` and `nbf` through the AuthModule's one verification
 * core and key set, then `iss` exactly the Scalekit environment. Refusals become the flow's own
 * errors; each verifier adds the rules of its kind of token.
 */
export async function verifyIssuerToken(
  tokens: TokenVerifier,
  token: string,
  rules: SignedTokenRules & { readonly issuer: string },
  refusals: TokenRefusals,
): Promise<{ claims: Record<string, unknown>; alg: string }> {
  let verified: { claims: Record<string, unknown>; alg: string };
  try {
    verified = await tokens.verifySigned(token, rules);
  } catch (error: unknown) {
    if (error instanceof KeySetUnavailableError) throw refusals.unavailable(error.message);
    if (error instanceof AuthError) throw refusals.invalid(error.reason ?? error.code);
    throw error;
  }
  if (verified.claims.iss !== rules.issuer)
    throw refusals.invalid('iss is not the Scalekit environment');
  return verified;
}

/**
 * Accepts a one-time token once, on every instance: `true` the first time `id` is seen. It is
 * remembered until `untilSeconds` (its `exp`) plus `marginMs`, so it cannot come back later.
 */
export function acceptOnce(
  store: SessionStore,
  id: string,
  untilSeconds: number,
  marginMs: number,
): Promise<boolean> {
  const window = Math.max(untilSeconds * 1000 - Date.now(), 0) + marginMs;
  return store.markSeen(storeKeyOf(id), window);
}
