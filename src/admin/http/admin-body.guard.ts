import { CanActivate, ExecutionContext, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ADMIN_CONFIG } from '../admin.constants';
import type { AdminConfig } from '../../config/admin.config';
import { AdminHttpError } from '../errors/admin-http.error';

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

// Only what the app's JSON parser reads: a `+json` type would be refused by the parser anyway,
// but the admin API names the type it wants.
function isJson(request: FastifyRequest): boolean {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json';
}

/**
 * Size of the parsed body as JSON (a chunked body declares no length). Parsing is iterative but
 * serializing is recursive, so a small body nested thousands of levels deep overflows the stack
 * here: `undefined` then, for a 400 rather than a 500 (no admin body nests more than two levels).
 */
function serializedBytes(body: unknown): number | undefined {
  try {
    return Buffer.byteLength(JSON.stringify(body ?? null));
  } catch {
    return undefined;
  }
}

/**
 * The admin API's body rules, first of its guards (before the organization check, which may ask
 * Scalekit): a body must be JSON (else 415) and at most `maxBodyBytes` (else 413), well under
 * the app-wide parser limit.
 */
@Injectable()
export class AdminBodyGuard implements CanActivate {
  private readonly maxBodyBytes: number;

  constructor(@Inject(ADMIN_CONFIG) config: AdminConfig) {
    this.maxBodyBytes = config.maxBodyBytes;
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!METHODS_WITH_BODY.has(request.method) || request.body === undefined) return true;
    if (!isJson(request))
      throw new AdminHttpError(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'unsupported_media_type',
        'Send the body as application/json',
      );
    this.checkSize(request);
    return true;
  }

  // The declared length first: no point serializing a body that is already known to be too big.
  private checkSize(request: FastifyRequest): void {
    const declared = Number(request.headers['content-length'] ?? 0);
    const size = declared > this.maxBodyBytes ? declared : serializedBytes(request.body);
    if (size === undefined)
      throw new AdminHttpError(
        HttpStatus.BAD_REQUEST,
        'body_too_deep',
        'The JSON body is nested too deeply',
      );
    if (size > this.maxBodyBytes)
      throw new AdminHttpError(
        HttpStatus.PAYLOAD_TOO_LARGE,
        'payload_too_large',
        `The body must be at most ${this.maxBodyBytes} bytes`,
      );
  }
}
