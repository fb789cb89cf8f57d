import { HttpStatus, Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ADMIN_CONFIG } from '../admin.constants';
import type { AdminConfig } from '../admin.config';
import { AdminHttpError } from '../errors/admin-http.error';

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return request.headers['transfer-encoding'] !== undefined;
}

// Only what the app's JSON parser reads: a `+json` type would pass here but reach the handler
// unparsed, and the caller would be told its body is missing instead of being sent the wrong type.
function isJson(request: Request): boolean {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json';
}

/**
 * Size of the parsed body as JSON. Parsing is iterative but serializing is recursive, so a small
 * body nested thousands of levels deep overflows the stack here: `undefined` then, for a 400
 * rather than a 500 (no admin body nests more than two levels).
 */
function serializedBytes(body: unknown): number | undefined {
  try {
    return Buffer.byteLength(JSON.stringify(body ?? null));
  } catch {
    return undefined;
  }
}

/**
 * Applied to every admin route before guards:
 * - `Cache-Control: no-store` on every answer (errors included): some carry a plain secret, and
 *   none describes something a cache should keep.
 * - A body must be JSON (else 415; the JSON parser would silently leave it unparsed) and at most
 *   `maxBodyBytes` (else 413), well under the app-wide parser limit.
 */
@Injectable()
export class AdminHttpMiddleware implements NestMiddleware {
  private readonly maxBodyBytes: number;

  constructor(@Inject(ADMIN_CONFIG) config: AdminConfig) {
    this.maxBodyBytes = config.maxBodyBytes;
  }

  use(request: Request, response: Response, next: NextFunction): void {
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Pragma', 'no-cache');
    if (!METHODS_WITH_BODY.has(request.method) || !hasBody(request)) return next();
    if (!isJson(request)) {
      // Thrown, not passed to next(): Nest's middleware proxy hands thrown errors to the app's filter.
      throw new AdminHttpError(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'unsupported_media_type',
        'Send the body as application/json',
      );
    }
    this.checkSize(request);
    next();
  }

  // The declared length first: no point serializing a body that is already known to be too big.
  private checkSize(request: Request): void {
    const declared = Number(request.headers['content-length'] ?? 0);
    const parsed = declared > this.maxBodyBytes ? declared : serializedBytes(request.body);
    if (parsed === undefined)
      throw new AdminHttpError(
        HttpStatus.BAD_REQUEST,
        'body_too_deep',
        'The JSON body is nested too deeply',
      );
    if (parsed > this.maxBodyBytes)
      throw new AdminHttpError(
        HttpStatus.PAYLOAD_TOO_LARGE,
        'payload_too_large',
        `The body must be at most ${this.maxBodyBytes} bytes`,
      );
  }
}
