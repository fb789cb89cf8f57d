import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiQuery, ApiResponse } from '@nestjs/swagger';
import {
  ClientPageSchema,
  ClientSchema,
  CreatedClientSchema,
  CreatedSecretSchema,
  ErrorBodySchema,
} from './presenters/client.response';

// OpenAPI decorators of the admin routes, kept apart so the controller reads as routes only.
// Required permissions/scopes are added to every operation by src/bootstrap/openapi.ts from
// the routes' access metadata, not repeated here.

const errors = (...statuses: number[]): MethodDecorator[] =>
  statuses.map((status) =>
    ApiResponse({
      status,
      standardSchema: ErrorBodySchema,
      description: ERROR_TEXT[status] ?? 'Error',
    }),
  );

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid body, query or path id, or a scope that is not grantable (each problem in `details`), or refused by Scalekit',
  403: 'Missing permission/scope, another organization, or `api_clients:admin` asked for by a caller who does not hold it (`scope_not_grantable`)',
  404: 'Organization, client or secret not found',
  409: 'Conflict (last active secret without force, another removal of this client still running, or the same Idempotency-Key still running)',
  413: 'Body too large',
  415: 'Body is not application/json',
  422: 'Idempotency-Key reused with a different body',
  502: "Scalekit refused this service's own credentials",
  503: 'Scalekit (or the idempotency or lock store) unavailable, or no Scalekit configured',
  504: 'Scalekit did not answer in time',
};

const upstream = [502, 503, 504];

const idempotencyKey = ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description:
    '8-255 visible ASCII characters (a UUID). A retry with the same key and body replays the first 201 (with `Idempotent-Replayed: true`); another body is 422.',
});

export const DocCreateClient = (): MethodDecorator =>
  applyDecorators(
    ApiOperation({
      summary: 'Register an API client',
      description:
        'Returns the client and its first secret. `plainSecret` is shown only in this response.',
    }),
    idempotencyKey,
    ApiResponse({
      status: 201,
      standardSchema: CreatedClientSchema,
      description: 'Created; `Cache-Control: no-store`',
    }),
    ...errors(400, 403, 404, 413, 415, 422, ...upstream),
  );

export const DocListClients = (): MethodDecorator =>
  applyDecorators(
    ApiOperation({ summary: 'List API clients (paginated)' }),
    // The query is validated as one object schema, which Swagger does not split into parameters.
    ApiQuery({
      name: 'pageSize',
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: 100 },
    }),
    ApiQuery({
      name: 'pageToken',
      required: false,
      schema: { type: 'string', maxLength: 512 },
      description: '`nextPageToken` of the previous page',
    }),
    ApiResponse({ status: 200, standardSchema: ClientPageSchema }),
    ...errors(400, 403, 404, ...upstream),
  );

export const DocGetClient = (): MethodDecorator =>
  applyDecorators(
    ApiOperation({ summary: 'Get one API client (secrets as metadata only)' }),
    ApiResponse({ status: 200, standardSchema: ClientSchema }),
    ...errors(400, 403, 404, ...upstream),
  );

export const DocUpdateClient = (): MethodDecorator =>
  applyDecorators(
    ApiOperation({ summary: 'Change name, description, scopes, audience or custom claims' }),
    ApiResponse({ status: 200, standardSchema: ClientSchema }),
    ...errors(400, 403, 404, 413, 415, ...upstream),
  );

export const DocDeleteClient = (): MethodDecorator =>
  applyDecorators(
    ApiOperation({ summary: 'Delete an API client' }),
    ApiResponse({ status: 204, description: 'Deleted' }),
    ...errors(400, 403, 404, ...upstream),
  );

export const DocAddSecret = (): MethodDecorator =>
  applyDecorators(
    ApiOperation({
      summary: 'Add a secret (first half of a rotation)',
      description: '`plainSecret` is shown only in this response.',
    }),
    idempotencyKey,
    ApiResponse({
      status: 201,
      standardSchema: CreatedSecretSchema,
      description: 'Created; `Cache-Control: no-store`',
    }),
    ...errors(400, 403, 404, 413, 415, 422, ...upstream),
  );

export const DocRemoveSecret = (): MethodDecorator =>
  applyDecorators(
    ApiOperation({
      summary: 'Remove a secret (second half of a rotation)',
      description: 'Removing the last active secret needs `?force=true`.',
    }),
    ApiQuery({
      name: 'force',
      required: false,
      schema: { type: 'string', enum: ['true', 'false'] },
      description: '`true` to remove the last active secret',
    }),
    ApiResponse({ status: 204, description: 'Removed' }),
    ...errors(400, 403, 404, 409, ...upstream),
  );
