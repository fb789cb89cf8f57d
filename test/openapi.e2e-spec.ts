import request from 'supertest';
import { createTestApp, TestApp } from './helpers/test-app';
import { appEnv, TestIssuer } from './helpers/test-issuer';

interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
  description?: string;
  parameters?: { name: string; in: string }[];
  requestBody?: unknown;
  'x-required-scopes'?: { allOf: string[]; anyOf: string[] };
  'x-required-permissions'?: { allOf: string[]; anyOf: string[] };
  'x-organization-access'?: unknown;
}
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: {
    securitySchemes: Record<
      string,
      {
        type: string;
        scheme?: string;
        flows?: { clientCredentials?: { tokenUrl: string; scopes: Record<string, string> } };
      }
    >;
  };
};

describe('OpenAPI document (e2e)', () => {
  let issuer: TestIssuer;
  let app: TestApp;
  let doc: Document;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    app = await createTestApp(appEnv(issuer));
    const res = await request(app.url).get('/docs-json');
    expect(res.status).toBe(200);
    doc = res.body as Document;
  });
  afterAll(async () => {
    await app?.close();
    await issuer?.close();
  });

  const op = (path: string, method: string): Operation => {
    const found = doc.paths[path]?.[method];
    if (!found) throw new Error(`${method.toUpperCase()} ${path} is not documented`);
    return found;
  };

  it('serves Swagger UI at /docs without credentials', async () => {
    const res = await request(app.url).get('/docs/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('swagger-ui');
  });

  it('declares the bearer and OAuth2 client-credentials schemes', () => {
    const { bearer, oauth2 } = doc.components.securitySchemes;
    expect(bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(oauth2?.flows?.clientCredentials?.tokenUrl).toBe(`${issuer.url}/oauth/token`);
    expect(Object.keys(oauth2?.flows?.clientCredentials?.scopes ?? {})).toEqual(
      expect.arrayContaining(['read:deployments', 'api_clients:write']),
    );
  });

  it('lists read:deployments for GET /api/deployments (read from its @Scopes)', () => {
    const get = op('/api/deployments', 'get');
    expect(get.security).toEqual([{ bearer: [] }, { oauth2: ['read:deployments'] }]);
    expect(get['x-required-scopes']).toEqual({ allOf: ['read:deployments'], anyOf: [] });
    expect(get.description).toContain('`read:deployments`');
    expect(op('/api/deployments', 'post')['x-required-scopes']?.allOf).toEqual([
      'deploy:applications',
    ]);
  });

  it('lists permissions and marks public routes', () => {
    expect(op('/api/organization/settings', 'get')['x-required-permissions']).toEqual({
      allOf: ['organization:settings'],
      anyOf: [],
    });
    expect(op('/api/status', 'get').security).toEqual([]);
  });

  it('documents every admin route with its permission/scope and tenant rule', () => {
    const base = '/api/admin/organizations/{organizationId}/clients';
    const expected: [string, string, string][] = [
      [base, 'post', 'api_clients:write'],
      [base, 'get', 'api_clients:read'],
      [`${base}/{clientId}`, 'get', 'api_clients:read'],
      [`${base}/{clientId}`, 'patch', 'api_clients:write'],
      [`${base}/{clientId}`, 'delete', 'api_clients:write'],
      [`${base}/{clientId}/secrets`, 'post', 'api_clients:write'],
      [`${base}/{clientId}/secrets/{secretId}`, 'delete', 'api_clients:write'],
    ];
    for (const [path, method, permission] of expected) {
      const o = op(path, method);
      expect([path, method, o.security]).toEqual([
        path,
        method,
        [{ bearer: [] }, { oauth2: [permission] }],
      ]);
      expect(o['x-organization-access']).toEqual({
        user: { permission },
        client: { scope: permission },
        crossOrganization: 'api_clients:admin',
      });
    }
    expect(op(base, 'post').requestBody).toBeDefined();
    expect(op(base, 'post').parameters?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['organizationId', 'Idempotency-Key']),
    );
    expect(op(base, 'get').parameters?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['pageSize', 'pageToken']),
    );
  });

  it('documents every route the app serves (read off the HTTP router, not the document)', () => {
    const served = new Set<string>();
    for (const route of app.routes) {
      const [method = '', url = ''] = route.split(' ');
      // Swagger UI's own files and the HEAD twins Fastify adds for GET routes are not API routes.
      if (url.startsWith('/docs') || url.includes('*') || method === 'head') continue;
      served.add(`${method} ${(url.replace(/\/$/, '') || '/').replace(/:(\w+)/g, '{$1}')}`);
    }
    expect(served.size).toBeGreaterThan(15);
    for (const route of served) {
      const [method = '', path = ''] = route.split(' ');
      const o = doc.paths[path]?.[method];
      expect([route, Array.isArray(o?.security)]).toEqual([route, true]);
      if (o?.security?.length === 0) {
        expect([route, o.description]).toEqual([route, expect.stringContaining('Public')]);
        continue;
      }
      // Non-public: the requirements are stated (possibly "any authenticated caller").
      expect([route, o?.description]).toEqual([
        route,
        expect.stringContaining('**Authorization**'),
      ]);
      expect(o?.['x-required-scopes']).toBeDefined();
      expect(o?.['x-required-permissions']).toBeDefined();
    }
  });

  it('every operation of the app states its requirements', () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, o] of Object.entries(item)) {
        expect([path, method, Array.isArray(o.security)]).toEqual([path, method, true]);
      }
    }
  });
});
