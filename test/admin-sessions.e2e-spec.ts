import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createAdminTestApp, AdminTestApp } from './helpers/admin/admin-test-app';
import { CapturingAuditLogger } from './helpers/admin/capturing-audit.logger';
import { spyOnClientCalls } from './helpers/admin/port-spies';
import { ScalekitPort } from '../src/scalekit/scalekit.port';
import { devIdpEnv, DevIdpHandle, startTestDevIdp } from './helpers/dev-idp';
import { freePort } from './helpers/free-port';
import { CookieJar, csrfTokenOf, signIn } from './helpers/session-login';

/**
 * The admin API for a signed-in browser: the session cookie is a credential like a bearer token
 * (same permissions, same tenant rule), and every change also needs the session's CSRF token
 * from our own origin. Real SDK, real stand-in, real session store (files).
 */
describe('admin API with browser sessions (e2e, stand-in)', () => {
  let idp: DevIdpHandle;
  let app: AdminTestApp;
  let url: string;
  let dataDir: string;
  const audit = new CapturingAuditLogger();
  const acmeJar = new CookieJar();
  let csrf: string;
  let acme: string;
  let globex: string;

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    dataDir = mkdtempSync(join(tmpdir(), 'admin-session-'));
    idp = await startTestDevIdp({ appRedirectUris: [`${url}/auth/callback`] });
    app = await createAdminTestApp(
      { PORT: String(port), ...devIdpEnv(idp, url), SESSION_DATA_DIR: dataDir },
      { audit },
    );
    acme = idp.organizations[0]?.id ?? '';
    globex = idp.organizations[1]?.id ?? '';
    await signIn(url, 'admin@acme.test', acmeJar);
    csrf = await csrfTokenOf(url, acmeJar);
  });
  afterAll(async () => {
    await app?.close();
    await idp?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const clients = (org: string) => `/api/admin/organizations/${org}/clients`;
  const asBrowser = (req: request.Test, jar = acmeJar) =>
    req.set('Cookie', jar.header()).set('Origin', url);
  const spyOnPort = () => {
    const sdk = app.app.get(ScalekitPort);
    return spyOnClientCalls(sdk);
  };

  it('reads with the cookie alone, registers and deletes with the CSRF token', async () => {
    const list = await request(url).get(clients(acme)).set('Cookie', acmeJar.header());
    expect(list.status).toBe(200);

    const created = await asBrowser(request(url).post(clients(acme)))
      .set('x-csrf-token', csrf)
      .send({ name: 'from the browser', scopes: ['read:deployments'] });
    expect([created.status, created.headers['cache-control']]).toEqual([201, 'no-store']);
    expect(created.body.plainSecret).toEqual(expect.any(String));
    expect(audit.events.at(-1)).toMatchObject({
      action: 'api_client.create',
      outcome: 'success',
      actor: expect.objectContaining({ via: 'session', organizationId: acme }),
    });

    const clientId = created.body.client.clientId as string;
    const deleted = await asBrowser(request(url).delete(`${clients(acme)}/${clientId}`)).set(
      'x-csrf-token',
      csrf,
    );
    expect(deleted.status).toBe(204);
  });

  it('a change without the CSRF token, with a wrong one or from another origin is 403, nothing upstream', async () => {
    const spies = spyOnPort();
    try {
      const body = { name: 'forged', scopes: ['read:deployments'] };
      const attempts = [
        asBrowser(request(url).post(clients(acme))).send(body),
        asBrowser(request(url).post(clients(acme)))
          .set('x-csrf-token', `${csrf.slice(0, -1)}x`)
          .send(body),
        request(url)
          .post(clients(acme))
          .set('Cookie', acmeJar.header())
          .set('Origin', 'https://evil.example')
          .set('x-csrf-token', csrf)
          .send(body),
        asBrowser(request(url).delete(`${clients(acme)}/m2morg_1`)),
        asBrowser(request(url).patch(`${clients(acme)}/m2morg_1`)).send({ name: 'x' }),
        asBrowser(request(url).post(`${clients(acme)}/m2morg_1/secrets`)),
        asBrowser(request(url).delete(`${clients(acme)}/m2morg_1/secrets/sks_1?force=true`)),
      ];
      for (const res of await Promise.all(attempts))
        expect([res.status, res.body.error]).toEqual([403, 'csrf_failed']);
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
  });

  it('tenant isolation: another organization is 403 even with a valid CSRF token, nothing upstream', async () => {
    const spies = spyOnPort();
    try {
      audit.events.splice(0);
      const list = await request(url).get(clients(globex)).set('Cookie', acmeJar.header());
      expect([list.status, list.body.error]).toEqual([403, 'organization_mismatch']);
      const create = await asBrowser(request(url).post(clients(globex)))
        .set('x-csrf-token', csrf)
        .send({ name: 'x', scopes: ['read:deployments'] });
      expect([create.status, create.body.error]).toEqual([403, 'organization_mismatch']);
      const remove = await asBrowser(
        request(url).delete(`${clients(globex)}/m2morg_1/secrets/sks_1?force=true`),
      ).set('x-csrf-token', csrf);
      expect([remove.status, remove.body.error]).toEqual([403, 'organization_mismatch']);
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
      expect(audit.events.map((e) => [e.action, e.outcome, e.organizationId])).toEqual([
        ['api_client.create', 'denied', globex],
        ['api_client.secret.remove', 'denied', globex],
      ]);
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
  });

  it('a member without api_clients permissions is 403 through a session too', async () => {
    const member = new CookieJar();
    await signIn(url, 'member@acme.test', member);
    const res = await request(url).get(clients(acme)).set('Cookie', member.header());
    expect([res.status, res.body.error]).toEqual([403, 'insufficient_permission']);
  });
});
