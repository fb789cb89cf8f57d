import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '../config/app-config';
import {
  collectRouteRequirements,
  operationKey,
  AppRouteRequirements,
} from '../routes/route-requirements';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;

/** Scopes a token must carry for the route, as the OAuth2 security requirement lists them. */
function oauthScopes(r: AppRouteRequirements): string[] {
  const organization = r.organizationAccess ? [r.organizationAccess.permission] : [];
  return [...new Set([...r.allScopes, ...r.anyScope.flat(), ...organization])];
}

function describe(r: AppRouteRequirements): string {
  if (r.isPublic) return 'Public: no credentials needed.';
  const lines = ['**Authorization**'];
  if (r.allScopes.length)
    lines.push(`- scopes (all of): ${r.allScopes.map((s) => `\`${s}\``).join(', ')}`);
  if (r.anyScope.length)
    lines.push(
      `- scopes (any of): ${r.anyScope
        .flat()
        .map((s) => `\`${s}\``)
        .join(', ')}`,
    );
  if (r.allPermissions.length)
    lines.push(`- permissions (all of): ${r.allPermissions.map((s) => `\`${s}\``).join(', ')}`);
  if (r.anyPermission.length)
    lines.push(
      `- permissions (any of): ${r.anyPermission
        .flat()
        .map((s) => `\`${s}\``)
        .join(', ')}`,
    );
  const o = r.organizationAccess;
  if (o) {
    lines.push(`- user: permission \`${o.permission}\`; API client: scope \`${o.permission}\``);
    lines.push(
      `- only the caller's own organization, unless it holds \`${o.crossOrganization}\` (same rule)`,
    );
  }
  if (lines.length === 1) lines.push('- any authenticated caller');
  return lines.join('\n');
}

function annotate(operation: Operation, r: AppRouteRequirements): void {
  const text = describe(r);
  operation.description = operation.description ? `${operation.description}\n\n${text}` : text;
  if (r.isPublic) {
    operation.security = [];
    return;
  }
  operation.security = [{ bearer: [] }, { oauth2: oauthScopes(r) }];
  // Specification extensions, for tools that read requirements rather than prose.
  Object.assign(operation, {
    'x-required-scopes': { allOf: r.allScopes, anyOf: r.anyScope.flat() },
    'x-required-permissions': { allOf: r.allPermissions, anyOf: r.anyPermission.flat() },
  });
  const o = r.organizationAccess;
  if (o) {
    Object.assign(operation, {
      'x-organization-access': {
        user: { permission: o.permission },
        client: { scope: o.permission },
        crossOrganization: o.crossOrganization,
      },
    });
  }
}

/** Builds the OpenAPI document, with every route's scopes/permissions read from its decorators. */
export function buildOpenApiDocument(app: INestApplication, config: AppConfig): OpenAPIObject {
  const requirements = collectRouteRequirements(app.get(ModulesContainer, { strict: false }));
  const allScopes = new Set([...requirements.values()].flatMap(oauthScopes));
  const base = documentBase(config, allScopes);
  // operationIds are `Controller_method`, the keys the requirements were collected under.
  const document = SwaggerModule.createDocument(app, base, {
    operationIdFactory: (c, m, v) => operationKey(c, m, v),
  });
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      const found = operation?.operationId ? requirements.get(operation.operationId) : undefined;
      if (operation && found) annotate(operation, found);
    }
  }
  return document;
}

/** Title, description and the two security schemes (bearer, client credentials with every scope). */
function documentBase(
  config: AppConfig,
  allScopes: ReadonlySet<string>,
): Omit<OpenAPIObject, 'paths'> {
  const issuer = (config.scalekit?.environmentUrl ?? config.auth.issuer).replace(/\/+$/, '');
  return new DocumentBuilder()
    .setTitle(config.server.serviceName)
    .setDescription(
      'APIs protected by Scalekit access tokens. Users sign in (bearer or session); API clients use the client-credentials grant.',
    )
    .setVersion('1')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'Scalekit access token (user or API client)',
      },
      'bearer',
    )
    .addOAuth2(
      {
        type: 'oauth2',
        description: 'API clients (M2M): client-credentials grant at Scalekit',
        flows: {
          clientCredentials: {
            tokenUrl: `${issuer}/oauth/token`,
            scopes: Object.fromEntries([...allScopes].sort().map((s) => [s, s])),
          },
        },
      },
      'oauth2',
    )
    .build();
}

/** Serves the document at `/docs` (Swagger UI) and `/docs-json`; outside the global guard. */
export function setupOpenApi(app: INestApplication, config: AppConfig): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app, config), {
    jsonDocumentUrl: 'docs-json',
    customSiteTitle: `${config.server.serviceName} API`,
  });
}
