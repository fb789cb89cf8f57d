import request from 'supertest';
import { createAdminTestApp, AdminTestApp } from './helpers/admin/admin-test-app';
import { CapturingAuditLogger } from './helpers/admin/capturing-audit.logger';
import { spyOnClientCalls } from './helpers/admin/port-spies';
import { ScalekitPort } from '../src/scalekit/scalekit.port';
import { devIdpEnv, DevIdpHandle, startTestDevIdp } from './helpers/dev-idp';
import { freePort } from './helpers/free-port';
import { claimsOf, clientToken, userToken } from './helpers/stand-in-tokens';

/**
 * Which scopes an admin may give an API client, through the real SDK and the stand-in. The
 * escape it closes: an organization admin registers a client with `api_clients:admin`, and that
 * client's own token then manages every other organization's clients.
 */
describe('scopes an admin may grant (e2e)', () => {
  let idp: DevIdpHandle;
  let app: AdminTestApp;
  let base: string;
  let acmeAdmin: string;
  let acme: string;
  let globex: string;
  const audit = new CapturingAuditLogger();

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    idp = await startTestDevIdp({ appRedirectUris: [`${base}/auth/callback`] });
    app = await createAdminTestApp({ PORT: String(port), ...devIdpEnv(idp, base) }, { audit });
    acmeAdmin = `Bearer ${await userToken(idp, `${base}/auth/callback`, 'admin@acme.test')}`;
    acme = String(claimsOf(acmeAdmin.slice(7)).oid);
    globex = idp.organizations.find((o) => o.id !== acme)?.id ?? '';
  });
  afterAll(async () => {
    await app?.close();
    await idp?.stop();
  });

  const clients = (org = acme) => `/api/admin/organizations/${org}/clients`;
  const register = (auth: string, scopes: string[], org = acme, target = app) =>
    request(target.url)
      .post(clients(org))
      .set('authorization', auth)
      .send({ name: 'bot', scopes, audience: [base] });

  /** Runs `act` and checks that it reached nothing at Scalekit. */
  async function nothingUpstream(act: () => Promise<void>): Promise<void> {
    const spies = spyOnClientCalls(app.app.get(ScalekitPort));
    try {
      await act();
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
  }

  it('an organization admin cannot register a client with api_clients:admin (403, audited, nothing upstream)', async () => {
    audit.events.splice(0);
    await nothingUpstream(async () => {
      const res = await register(acmeAdmin, [
        'api_clients:read',
        'api_clients:write',
        'api_clients:admin',
      ]);
      expect([res.status, res.body.error]).toEqual([403, 'scope_not_grantable']);
      expect(res.body.message).toContain('api_clients:admin');
    });
    expect(audit.events).toEqual([
      expect.objectContaining({
        action: 'api_client.create',
        outcome: 'denied',
        status: 403,
        error: 'scope_not_grantable',
        organizationId: acme,
      }),
    ]);
    const listed = await request(app.url).get(clients()).set('authorization', acmeAdmin);
    expect(
      (listed.body.clients as { scopes: string[] }[]).some((c) =>
        c.scopes.includes('api_clients:admin'),
      ),
    ).toBe(false);
  });

  it('nor add it to an existing client with PATCH (403, the client unchanged)', async () => {
    const created = await register(acmeAdmin, ['api_clients:read']);
    expect(created.status).toBe(201);
    const clientId = created.body.client.clientId as string;
    audit.events.splice(0);
    await nothingUpstream(async () => {
      const res = await request(app.url)
        .patch(`${clients()}/${clientId}`)
        .set('authorization', acmeAdmin)
        .send({ scopes: ['api_clients:read', 'api_clients:admin'] });
      expect([res.status, res.body.error]).toEqual([403, 'scope_not_grantable']);
    });
    expect(audit.events.map((e) => [e.action, e.outcome, e.error])).toEqual([
      ['api_client.update', 'denied', 'scope_not_grantable'],
    ]);
    const read = await request(app.url)
      .get(`${clients()}/${clientId}`)
      .set('authorization', acmeAdmin);
    expect(read.body.scopes).toEqual(['api_clients:read']);
  });

  it('a holder of api_clients:admin may grant it (an operator client created at Scalekit)', async () => {
    const operator = await app.app.get(ScalekitPort).createClient(acme, {
      name: 'platform operator',
      scopes: ['api_clients:read', 'api_clients:write', 'api_clients:admin'],
      audience: [base],
    });
    const token = await clientToken(idp, operator.client.clientId, operator.plainSecret);
    const res = await register(`Bearer ${token as string}`, [
      'api_clients:read',
      'api_clients:admin',
    ]);
    expect([res.status, res.body.client?.scopes]).toEqual([
      201,
      ['api_clients:read', 'api_clients:admin'],
    ]);
    // What the escape gave away: holding it crosses organizations, granting it included.
    const elsewhere = await register(`Bearer ${token as string}`, ['api_clients:admin'], globex);
    expect(elsewhere.status).toBe(201);
  });

  it('a scope no route requires is 400 naming it, on create and on PATCH, nothing upstream', async () => {
    const created = await register(acmeAdmin, ['read:deployments']);
    const clientId = created.body.client.clientId as string;
    await nothingUpstream(async () => {
      const post = await register(acmeAdmin, ['read:deployments', 'billing:refund']);
      expect([post.status, post.body.error, post.body.details]).toEqual([
        400,
        'validation_failed',
        [{ field: 'scopes[1]', problem: expect.stringContaining('"billing:refund"') }],
      ]);
      const patch = await request(app.url)
        .patch(`${clients()}/${clientId}`)
        .set('authorization', acmeAdmin)
        .send({ scopes: ['admin:everything'] });
      expect([patch.status, patch.body.details?.[0]?.field]).toEqual([400, 'scopes[0]']);
      expect(patch.body.details?.[0]?.problem).toContain('"admin:everything"');
    });
  });

  it('by default every scope a route requires is grantable: the OpenAPI scopes, minus api_clients:admin', async () => {
    const docs = await request(app.url).get('/docs-json');
    const routeScopes = Object.keys(
      docs.body.components.securitySchemes.oauth2.flows.clientCredentials.scopes as object,
    );
    expect(routeScopes).toEqual(
      expect.arrayContaining(['read:deployments', 'deploy:applications', 'api_clients:write']),
    );
    for (const scope of routeScopes.filter((s) => s !== 'api_clients:admin')) {
      const res = await register(acmeAdmin, [scope]);
      expect([scope, res.status]).toEqual([scope, 201]);
    }
  });

  it('an explicit ADMIN_GRANTABLE_SCOPES replaces the default', async () => {
    const other = await createAdminTestApp({
      ...devIdpEnv(idp, base),
      ADMIN_GRANTABLE_SCOPES: 'deploy:applications,billing:read',
    });
    try {
      const route = await register(acmeAdmin, ['read:deployments'], acme, other);
      expect([route.status, route.body.details?.[0]?.field]).toEqual([400, 'scopes[0]']);
      expect((await register(acmeAdmin, ['billing:read'], acme, other)).status).toBe(201);
      expect((await register(acmeAdmin, ['deploy:applications'], acme, other)).status).toBe(201);
      // The holder rule does not depend on the list.
      const admin = await register(acmeAdmin, ['api_clients:admin'], acme, other);
      expect(admin.status).toBe(403);
    } finally {
      await other.close();
    }
  });
});
