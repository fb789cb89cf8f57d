import { HttpException } from '@nestjs/common';
import { realmOf } from '../request-state';
import { FALLBACK_REALM } from './challenge';

/** The JSON body of every auth error: a stable code and a short message for the client. */
export interface AuthErrorBody {
  readonly error: string;
  readonly message: string;
}

/**
 * Base of the auth errors: one subclass per outcome, each carrying its HTTP status, its
 * `WWW-Authenticate` challenge (RFC 6750 §3) and a `reason` that is logged at debug level but
 * never sent. They are `HttpException`s whose response is {@link AuthErrorBody}, so the app-wide
 * exception filter renders them as they are.
 */
export abstract class AuthError extends HttpException {
  /** Stable machine-readable code, also the body's `error`. */
  readonly code: string;

  protected constructor(
    status: number,
    code: string,
    message: string,
    /** Why the request was refused, for the log only. */
    readonly reason?: string,
  ) {
    super({ error: code, message } satisfies AuthErrorBody, status);
    this.code = code;
    this.name = new.target.name;
  }

  /** The `WWW-Authenticate` value for `realm`, or `undefined` when this outcome has none. */
  abstract challenge(realm: string): string | undefined;

  /**
   * Headers to send with this error. The realm is the one the guard recorded for the request,
   * so errors thrown outside the guard get the same challenge.
   */
  responseHeaders(request: object): Record<string, string> {
    const challenge = this.challenge(realmOf(request) ?? FALLBACK_REALM);
    return challenge === undefined ? {} : { 'WWW-Authenticate': challenge };
  }
}
