import { HttpException, HttpStatus } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * The app-wide body limit. Routes with smaller bodies check their own (the admin API's
 * `ADMIN_MAX_BODY_BYTES`); nothing this service accepts comes near it.
 */
export const APP_BODY_LIMIT_BYTES = 100 * 1024;

type Fields = Record<string, string | string[]>;

/**
 * A request whose JSON body is also kept as received (the string is read once either way), for
 * signatures computed over the raw bytes: Scalekit's webhooks.
 */
export interface RawBodyRequest {
  rawBody: string | null;
}

function refuse(status: HttpStatus, error: string, message: string): HttpException {
  return new HttpException({ error, message }, status);
}

/**
 * What both parsers require: no content coding (415 per RFC 7694: this service inflates
 * nothing, and a compressed body would otherwise be read as garbage) and UTF-8 if a charset is
 * named (the only one JSON allows and the only one our forms send).
 */
function checkEncoding(request: FastifyRequest): void {
  const coding = request.headers['content-encoding']?.trim().toLowerCase();
  if (coding !== undefined && coding !== '' && coding !== 'identity')
    throw refuse(
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      'unsupported_media_type',
      'Content-Encoding is not supported: send the body uncompressed',
    );
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(
    request.headers['content-type'] ?? '',
  )?.[1];
  if (charset !== undefined && !/^utf-?8$/i.test(charset))
    throw refuse(
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      'unsupported_media_type',
      `Charset ${charset.slice(0, 40)} is not supported: send UTF-8`,
    );
}

function parseJson(request: FastifyRequest, body: string): unknown {
  checkEncoding(request);
  (request as FastifyRequest & RawBodyRequest).rawBody = body;
  if (body === '') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    // V8's message quotes the start of the body, which may be a secret pasted in the wrong place.
    throw refuse(HttpStatus.BAD_REQUEST, 'malformed_body', 'The request body is not valid JSON');
  }
}

/** Repeated names become a list, as HTML forms and `querystring` have it; a handler decides. */
function parseForm(request: FastifyRequest, body: string): Fields {
  checkEncoding(request);
  const fields: Fields = Object.create(null) as Fields;
  for (const [name, value] of new URLSearchParams(body)) {
    const seen = fields[name];
    fields[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return fields;
}

/**
 * JSON and HTML forms, nothing else: any other type is answered 415 by Fastify before a handler
 * runs. Replaces Fastify's own parsers so both kinds share the encoding rules and the limit, and
 * so `__proto__` keys reach validation (which names the field) instead of a generic 400.
 */
export function registerBodyParsers(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  // Declared up front so every request object has the same shape (Fastify's advice for speed).
  fastify.decorateRequest('rawBody', null);
  const options = { parseAs: 'string', bodyLimit: APP_BODY_LIMIT_BYTES } as const;
  const parser =
    (parse: (request: FastifyRequest, body: string) => unknown) =>
    (
      request: FastifyRequest,
      body: string,
      done: (error: Error | null, value?: unknown) => void,
    ) => {
      try {
        done(null, parse(request, body));
      } catch (error: unknown) {
        done(error as Error, undefined);
      }
    };
  fastify.addContentTypeParser('application/json', options, parser(parseJson));
  fastify.addContentTypeParser('application/x-www-form-urlencoded', options, parser(parseForm));
}
