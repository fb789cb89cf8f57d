import request from 'supertest';
import { createTestApp, TestApp } from './helpers/test-app';
import { appEnv, TestIssuer } from './helpers/test-issuer';

const insufficientScope = (scope: string) =>
  `Bearer realm="test-api", error="insufficient_scope", error_description="The access token lacks a required scope", scope="${scope}"`;

describe('example resources (e2e)', () => {
  let issuer: TestIssuer;
  let app: TestApp;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    app = await createTestApp({
      ...appEnv(issuer),
      AUTH_REALM: 'test-api',
      SERVICE_NAME: 'deploy-api',
    });
  });
  afterAll(async () => {
    await app?.close();
    await issuer?.close();
  });

  const as = async (claims: Record<string, unknown>) => `Bearer ${await issuer.mint(claims)}`;

  it('GET /api/status is public and names the service and version', async () => {
    const res = await request(app.url).get('/api/status');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      service: 'deploy-api',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
  });

  describe('scopes', () => {
    it('GET /api/deployments needs read:deployments, from `scope` or `scopes`', async () => {
      for (const claims of [
        { scope: 'openid read:deployments' },
        { scopes: ['read:deployments'] },
      ]) {
        const res = await request(app.url)
          .get('/api/deployments')
          .set('authorization', await as({ ...claims, oid: 'org_1' }));
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ organizationId: 'org_1', deployments: [] });
      }
    });

    it('answers 403 insufficient_scope with the scope needed', async () => {
      const res = await request(app.url)
        .get('/api/deployments')
        .set('authorization', await as({ scope: 'deploy:applications' }));
      expect(res.status).toBe(403);
      expect(res.headers['www-authenticate']).toBe(insufficientScope('read:deployments'));
      expect(res.body).toEqual({
        error: 'insufficient_scope',
        message: 'The access token lacks a required scope',
        requestId: expect.any(String),
      });
    });

    it('POST /api/deployments needs deploy:applications', async () => {
      const denied = await request(app.url)
        .post('/api/deployments')
        .set('authorization', await as({ scopes: ['read:deployments'] }));
      expect([denied.status, denied.headers['www-authenticate']]).toEqual([
        403,
        insufficientScope('deploy:applications'),
      ]);
      const ok = await request(app.url)
        .post('/api/deployments')
        .set('authorization', await as({ sub: 'm2morg_7', scopes: ['deploy:applications'] }))
        .send({ application: 'web' });
      expect(ok.status).toBe(202);
      expect(ok.body).toMatchObject({
        status: 'queued',
        application: 'web',
        requestedBy: 'm2morg_7',
      });
    });

    it('matches exactly and never takes a permission for a scope', async () => {
      for (const claims of [
        { scope: 'read:deployments:all' },
        { scope: 'READ:DEPLOYMENTS' },
        { scope: 'read:deployments,other' },
        { permissions: ['read:deployments'] },
      ]) {
        expect(
          (
            await request(app.url)
              .get('/api/deployments')
              .set('authorization', await as(claims))
          ).status,
        ).toBe(403);
      }
    });

    it('denies on malformed scope claims instead of failing', async () => {
      for (const claims of [
        { scope: 42 },
        { scopes: 'read:deployments' },
        { scopes: ['read:deployments', 1] },
        { scope: ['read:deployments'] },
      ]) {
        expect(
          (
            await request(app.url)
              .get('/api/deployments')
              .set('authorization', await as(claims))
          ).status,
        ).toBe(403);
      }
    });
  });

  describe('permissions', () => {
    const settings = async (claims: Record<string, unknown>) =>
      request(app.url)
        .get('/api/organization/settings')
        .set('authorization', await as({ oid: 'org_1', ...claims }));

    it('GET /api/organization/settings accepts each permission claim name', async () => {
      for (const name of [
        'permissions',
        'https://scalekit.com/permissions',
        'scalekit:permissions',
      ]) {
        const res = await settings({ [name]: ['organization:settings'] });
        expect(res.status).toBe(200);
        expect(res.body.organizationId).toBe('org_1');
      }
    });

    it('answers 403 insufficient_permission without a challenge', async () => {
      const res = await settings({ permissions: ['api_clients:read'] });
      expect(res.status).toBe(403);
      expect(res.headers['www-authenticate']).toBeUndefined();
      expect(res.body).toEqual({
        error: 'insufficient_permission',
        message: 'This action requires the permission(s): organization:settings',
        requestId: expect.any(String),
      });
    });

    it('reads only the first permission claim present, exactly, and never a scope', async () => {
      for (const claims of [
        { permissions: [], 'https://scalekit.com/permissions': ['organization:settings'] },
        { permissions: 'organization:settings' },
        { permissions: ['organization:settings:read'] },
        { scope: 'organization:settings' },
        { roles: ['organization:settings'] },
      ]) {
        expect((await settings(claims)).status).toBe(403);
      }
    });
  });

  describe('GET /api/me', () => {
    it('describes a user (Scalekit user token with a session)', async () => {
      const res = await request(app.url)
        .get('/api/me')
        .set(
          'authorization',
          await as({
            sub: 'usr_1',
            sid: 'ses_1',
            client_id: 'skc_1',
            oid: 'org_1',
            roles: ['admin'],
            permissions: ['p:1'],
          }),
        );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        kind: 'user',
        via: 'bearer',
        subject: 'usr_1',
        organizationId: 'org_1',
        clientId: 'skc_1',
        roles: ['admin'],
        permissions: ['p:1'],
        scopes: [],
      });
    });

    it('describes an API client (M2M token)', async () => {
      for (const claims of [
        { sub: 'm2morg_9', client_id: 'm2morg_9' },
        { sub: 'svc_1', client_id: 'svc_1' },
      ]) {
        const res = await request(app.url)
          .get('/api/me')
          .set('authorization', await as(claims));
        expect(res.body.kind).toBe('client');
      }
      const withSession = await request(app.url)
        .get('/api/me')
        .set('authorization', await as({ sub: 'svc_1', client_id: 'svc_1', sid: 'ses_1' }));
      expect(withSession.body.kind).toBe('user');
    });
  });

  it('renders unknown routes in the common error shape', async () => {
    const res = await request(app.url).get('/api/nowhere').set('x-request-id', 'req-123');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      error: 'not_found',
      message: 'Cannot GET /api/nowhere',
      requestId: 'req-123',
    });
  });

  it('answers a broken JSON body with 400, not 500', async () => {
    const res = await request(app.url)
      .post('/api/deployments')
      .set('authorization', await as({ scopes: ['deploy:applications'] }))
      .set('content-type', 'application/json')
      .send('{"application": sk_live_pasted_by_mistake');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: 'malformed_body',
      message: 'The request body is not valid JSON',
      requestId: expect.any(String),
    });
    // The parser's own message quotes the body; nothing of it may come back.
    expect(res.text).not.toContain('sk_live');
  });

  it('answers a broken percent-encoding in the path with 400 malformed_url', async () => {
    const res = await request(app.url).get('/api/deployments/%E0%A4%A');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'malformed_url' });
  });
});
