import { createServer, Server, Socket } from 'node:net';
import request from 'supertest';
import { createAdminTestApp, AdminTestApp } from './helpers/admin/admin-test-app';
import { CapturingAuditLogger } from './helpers/admin/capturing-audit.logger';
import { spyOnClientCalls } from './helpers/admin/port-spies';
import { ScalekitPort } from '../src/scalekit/scalekit.port';
import { devIdpEnv, DevIdpHandle, startTestDevIdp } from './helpers/dev-idp';
import { freePort } from './helpers/free-port';
import { claimsOf, clientToken, userToken } from './helpers/stand-in-tokens';

describe('admin API through the real SDK and the stand-in (e2e)', () => {
  let idp: DevIdpHandle;
  let app: AdminTestApp;
  let base: string;
  let redirectUri: string;
  let acmeAdmin: string;
  let acme: string;
  const audit = new CapturingAuditLogger();

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    redirectUri = `${base}/auth/callback`;
    idp = await startTestDevIdp({ appRedirectUris: [redirectUri] });
    app = await createAdminTestApp({ PORT: String(port), ...devIdpEnv(idp, base) }, { audit });
    acmeAdmin = `Bearer ${await userToken(idp, redirectUri, 'admin@acme.test')}`;
    acme = String(claimsOf(acmeAdmin.slice(7)).oid);
  });
  afterAll(async () => {
    await app?.close();
    await idp?.stop();
  });

  const clients = () => `/api/admin/organizations/${acme}/clients`;

  it('the whole lifecycle: register, token, call, rotate, delete', async () => {
    const created = await request(app.url)
      .post(clients())
      .set('authorization', acmeAdmin)
      .send({
        name: 'deployer',
        scopes: ['read:deployments'],
        audience: [base],
        customClaims: { env: 'test' },
      });
    expect(created.status).toBe(201);
    const { clientId } = created.body.client as { clientId: string };
    const firstSecret = created.body.plainSecret as string;
    const firstSecretId = created.body.client.secrets[0].id as string;

    // The secret gets a token by client credentials; the token opens GET /api/deployments.
    const token = await clientToken(idp, clientId, firstSecret);
    expect(typeof token).toBe('string');
    expect(claimsOf(token as string)).toMatchObject({
      client_id: clientId,
      oid: acme,
      scopes: ['read:deployments'],
    });
    const ok = await request(app.url)
      .get('/api/deployments')
      .set('authorization', `Bearer ${token as string}`);
    expect([ok.status, ok.body.organizationId]).toEqual([200, acme]);

    // Reads show secrets as metadata only.
    const read = await request(app.url)
      .get(`${clients()}/${clientId}`)
      .set('authorization', acmeAdmin);
    expect(read.status).toBe(200);
    expect(read.text).not.toContain(firstSecret);
    expect(read.body.secrets).toEqual([
      expect.objectContaining({ id: firstSecretId, status: 'active' }),
    ]);

    // Rotation: add a secret, then remove the old one; the old secret no longer gets a token.
    const added = await request(app.url)
      .post(`${clients()}/${clientId}/secrets`)
      .set('authorization', acmeAdmin);
    expect(added.status).toBe(201);
    const secondSecret = added.body.plainSecret as string;
    const removed = await request(app.url)
      .delete(`${clients()}/${clientId}/secrets/${firstSecretId}`)
      .set('authorization', acmeAdmin);
    expect(removed.status).toBe(204);
    expect(typeof (await clientToken(idp, clientId, firstSecret))).toBe('number');
    expect(typeof (await clientToken(idp, clientId, secondSecret))).toBe('string');

    // The last active secret needs force.
    const last = await request(app.url)
      .delete(`${clients()}/${clientId}/secrets/${added.body.secret.id as string}`)
      .set('authorization', acmeAdmin);
    expect([last.status, last.body.error]).toEqual([409, 'last_active_secret']);

    // Update goes through.
    const patched = await request(app.url)
      .patch(`${clients()}/${clientId}`)
      .set('authorization', acmeAdmin)
      .send({ description: 'renamed', scopes: ['read:deployments', 'deploy:applications'] });
    expect([patched.status, patched.body.description, patched.body.scopes]).toEqual([
      200,
      'renamed',
      ['read:deployments', 'deploy:applications'],
    ]);

    // Delete: no more tokens.
    expect(
      (await request(app.url).delete(`${clients()}/${clientId}`).set('authorization', acmeAdmin))
        .status,
    ).toBe(204);
    expect(typeof (await clientToken(idp, clientId, secondSecret))).toBe('number');
    expect(
      (await request(app.url).get(`${clients()}/${clientId}`).set('authorization', acmeAdmin))
        .status,
    ).toBe(404);

    expect(audit.events.map((e) => [e.action, e.outcome])).toEqual(
      expect.arrayContaining([
        ['api_client.create', 'success'],
        ['api_client.secret.add', 'success'],
        ['api_client.secret.remove', 'success'],
        ['api_client.update', 'success'],
        ['api_client.delete', 'success'],
      ]),
    );
    expect(JSON.stringify(audit.events)).not.toContain(secondSecret);
  });

  it('a client without read:deployments gets 403 on GET /api/deployments', async () => {
    const created = await request(app.url)
      .post(clients())
      .set('authorization', acmeAdmin)
      .send({ name: 'deploy-only', scopes: ['deploy:applications'], audience: [base] });
    const token = await clientToken(
      idp,
      created.body.client.clientId as string,
      created.body.plainSecret as string,
    );
    const res = await request(app.url)
      .get('/api/deployments')
      .set('authorization', `Bearer ${token as string}`);
    expect(res.status).toBe(403);
  });

  it('an API client with api_clients:* scopes can manage its own organization', async () => {
    const created = await request(app.url)
      .post(clients())
      .set('authorization', acmeAdmin)
      .send({
        name: 'ops-bot',
        scopes: ['api_clients:read', 'api_clients:write'],
        audience: [base],
      });
    const token = await clientToken(
      idp,
      created.body.client.clientId as string,
      created.body.plainSecret as string,
    );
    const res = await request(app.url)
      .get(clients())
      .set('authorization', `Bearer ${token as string}`);
    expect(res.status).toBe(200);
    expect(res.body.clients.length).toBeGreaterThan(0);
    // ...and only its own: its token's oid is acme.
    const globex = idp.organizations.find((o) => o.id !== acme)?.id ?? '';
    const sdk = app.app.get(ScalekitPort);
    const list = jest.spyOn(sdk, 'listClients');
    const cross = await request(app.url)
      .get(`/api/admin/organizations/${globex}/clients`)
      .set('authorization', `Bearer ${token as string}`);
    expect([cross.status, cross.body.error]).toEqual([403, 'organization_mismatch']);
    expect(list).not.toHaveBeenCalled();
    list.mockRestore();
  });

  it('tenant isolation and permissions with real users: 403 and the port is never called', async () => {
    const sdk = app.app.get(ScalekitPort);
    const spies = spyOnClientCalls(sdk);
    const globex = `Bearer ${await userToken(idp, redirectUri, 'admin@globex.test')}`;
    const member = `Bearer ${await userToken(idp, redirectUri, 'member@acme.test')}`;
    const cross = await request(app.url).get(clients()).set('authorization', globex);
    expect([cross.status, cross.body.error]).toEqual([403, 'organization_mismatch']);
    expect(
      (
        await request(app.url)
          .post(clients())
          .set('authorization', globex)
          .send({ name: 'x', scopes: ['a:b'] })
      ).status,
    ).toBe(403);
    expect((await request(app.url).get(clients()).set('authorization', member)).status).toBe(403);
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    spies.forEach((s) => s.mockRestore());
  });

  it('maps Scalekit NOT_FOUND to 404', async () => {
    const res = await request(app.url)
      .get(`${clients()}/m2morg_999999`)
      .set('authorization', acmeAdmin);
    expect([res.status, res.body.error]).toEqual([404, 'not_found']);
  });

  it('maps Scalekit INVALID_ARGUMENT to 400 (an audience entry the stand-in finds too long)', async () => {
    const res = await request(app.url)
      .post(clients())
      .set('authorization', acmeAdmin)
      .send({
        name: 'long',
        scopes: ['read:deployments'],
        audience: [`https://api.example/${'x'.repeat(1100)}`],
      });
    expect([res.status, res.body.error]).toEqual([400, 'rejected_by_identity_provider']);
    expect(res.text).not.toContain('client.audience');
  });

  describe('upstream failures', () => {
    let hang: Server;
    const sockets: Socket[] = [];
    beforeAll(async () => {
      hang = createServer((socket) => void sockets.push(socket));
      await new Promise<void>((resolve) => hang.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      sockets.forEach((s) => s.destroy());
      await new Promise((resolve) => hang.close(resolve));
    });

    const withApp = async (
      env: Record<string, string>,
      check: (other: AdminTestApp) => Promise<void>,
    ) => {
      const other = await createAdminTestApp({
        ...devIdpEnv(idp, base),
        AUTH_ISSUER: idp.url,
        ...env,
      });
      try {
        await check(other);
      } finally {
        await other.close();
      }
    };

    it('our credentials refused (wrong SCALEKIT_CLIENT_SECRET) -> 502', async () => {
      await withApp({ SCALEKIT_CLIENT_SECRET: 'wrong-secret' }, async (other) => {
        const res = await request(other.url).get(clients()).set('authorization', acmeAdmin);
        expect([res.status, res.body.error]).toEqual([502, 'identity_provider_auth_failed']);
      });
    });

    it('a Scalekit that never answers -> 504', async () => {
      const { port } = hang.address() as { port: number };
      await withApp(
        { SCALEKIT_ENVIRONMENT_URL: `http://127.0.0.1:${port}`, SCALEKIT_TIMEOUT_MS: '500' },
        async (other) => {
          const res = await request(other.url).get(clients()).set('authorization', acmeAdmin);
          expect([res.status, res.body.error]).toEqual([504, 'identity_provider_timeout']);
        },
      );
    });

    it('no Scalekit configured -> 503 with a clear message', async () => {
      const other = await createAdminTestApp({
        AUTH_ISSUER: idp.url,
        AUTH_AUDIENCE: idp.appClient.clientId,
      });
      try {
        const res = await request(other.url).get(clients()).set('authorization', acmeAdmin);
        expect([res.status, res.body.error]).toEqual([503, 'identity_provider_not_configured']);
        expect(res.body.message).toContain('SCALEKIT_ENVIRONMENT_URL');
      } finally {
        await other.close();
      }
    });

    it('the stand-in stopped -> 503 (last: it stops the stand-in)', async () => {
      const unused = await freePort();
      await withApp({ SCALEKIT_ENVIRONMENT_URL: `http://127.0.0.1:${unused}` }, async (other) => {
        const res = await request(other.url).get(clients()).set('authorization', acmeAdmin);
        expect([res.status, res.body.error]).toEqual([503, 'identity_provider_unavailable']);
      });
      await idp.stop();
      const res = await request(app.url).get(clients()).set('authorization', acmeAdmin);
      expect([res.status, res.body.error]).toEqual([503, 'identity_provider_unavailable']);
    });
  });
});
