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

function isJson(request: Request): boolean {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
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
    const declared = Number(request.headers['content-length'] ?? 0);
    const parsed = Buffer.byteLength(JSON.stringify(request.body ?? null));
    if (declared > this.maxBodyBytes || parsed > this.maxBodyBytes) {
      throw new AdminHttpError(
        HttpStatus.PAYLOAD_TOO_LARGE,
        'payload_too_large',
        `The body must be at most ${this.maxBodyBytes} bytes`,
      );
    }
    next();
  }
}
