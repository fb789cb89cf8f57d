import { HttpException } from '@nestjs/common';

/** One problem of a refused request, as CONTRACTS.md shapes it: `{ field: "scopes[2]", problem: "..." }`. */
export interface ProblemDetail {
  readonly field: string;
  readonly problem: string;
}

/** The body of every error the admin API raises itself (the app-wide filter adds `requestId`). */
export interface AdminErrorBody {
  readonly error: string;
  readonly message: string;
  readonly details?: readonly ProblemDetail[];
}

/**
 * An admin error with a stable snake_case code and a short message safe to show. It is an
 * `HttpException` whose response is `{ error, message[, details] }`, so the app-wide exception
 * filter renders it as it is.
 */
export class AdminHttpError extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    message: string,
    details?: readonly ProblemDetail[],
    options?: { cause?: unknown },
  ) {
    const body: AdminErrorBody = details
      ? { error: code, message, details }
      : { error: code, message };
    super(body, status, options);
    this.name = 'AdminHttpError';
  }
}
