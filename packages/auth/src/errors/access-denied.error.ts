import { HttpStatus } from '@nestjs/common';
import { AuthError } from './auth.error';

const CODE = /^[a-z][a-z0-9_]*$/;

/**
 * The caller is authenticated but may not do this for a reason other than an OAuth scope (a
 * missing permission, another organization's resource): 403 with the thrower's stable code.
 * No challenge: presenting another token would not help (RFC 6750 defines none for this).
 */
export class AccessDeniedError extends AuthError {
  /**
   * @param code - stable snake_case code, e.g. `insufficient_permission`, `organization_mismatch`
   * @param message - short text for the client; no internals
   * @param reason - what the log should say
   */
  constructor(code: string, message: string, reason?: string) {
    if (!CODE.test(code)) throw new TypeError(`AccessDeniedError code must be snake_case: ${code}`);
    super(HttpStatus.FORBIDDEN, code, message, reason ?? code);
  }

  challenge(): undefined {
    return undefined;
  }
}
