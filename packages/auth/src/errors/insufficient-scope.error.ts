import { HttpStatus } from '@nestjs/common';
import { AuthError } from './auth.error';
import { bearerChallenge, isScopeToken } from './challenge';

/**
 * The token is valid but lacks a scope the resource requires: 403 with
 * `error="insufficient_scope"` and the `scope` needed (RFC 6750 §3.1).
 */
export class InsufficientScopeError extends AuthError {
  /** The scopes the resource asked for, space-separated in the challenge. */
  readonly requiredScopes: readonly string[];

  /**
   * @param requiredScopes - RFC 6749 scope-tokens; anything else (a blank, a quote, CR/LF) is a
   *   programming error and throws a TypeError, so it surfaces as a logged 500, not as a header.
   */
  constructor(requiredScopes: readonly string[], reason = 'missing scope') {
    if (requiredScopes.length === 0 || !requiredScopes.every(isScopeToken)) {
      throw new TypeError(
        `InsufficientScopeError: not scope-tokens: ${JSON.stringify(requiredScopes)}`,
      );
    }
    super(
      HttpStatus.FORBIDDEN,
      'insufficient_scope',
      'The access token lacks a required scope',
      reason,
    );
    this.requiredScopes = [...requiredScopes];
  }

  challenge(realm: string): string {
    return bearerChallenge(realm, {
      error: 'insufficient_scope',
      error_description: 'The access token lacks a required scope',
      scope: this.requiredScopes.join(' '),
    });
  }
}
