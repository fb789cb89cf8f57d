import request from 'supertest';
import { createAdminTestApp, AdminTestApp } from '../src/admin/testing/admin-test-app';
import { CapturingAuditLogger } from '../src/admin/testing/capturing-audit.logger';
import { FakeScalekitPort } from '../src/admin/testing/fake-scalekit.port';
import { TestIssuer } from './helpers/test-issuer';

const BASE = '/api/admin/organizations';
const body = {
  name: 'CI deployer',
  scopes: ['read:deployments'],
  audience: ['https://api.test'],
  customClaims: { env: 'prod' },
};

describe('admin API clients: authorization, validation, HTTP (e2e, fake port)', () => {
  let issuer: TestIssuer;
  let app: AdminTestApp;
  const port = new FakeScalekitPort();
  const audit = new CapturingAuditLogger();

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    app = await createAdminTestApp(issuer.appEnv(), { port, audit });
  });
  afterAll(async () => {
    await app?.close();
    await issuer?.close();
  });

  const user = (permissions: string[], oid = 'org_1') =>
    issuer.mint({ sub: 'usr_1', oid, permissions }).then((t) => `Bearer ${t}`);
  const client = (scopes: string[], oid = 'org_1') =>
    issuer.mint({ sub: 'm2morg_9', client_id: 'm2morg_9', oid, scopes }).then((t) => `Bearer ${t}`);
  const writer = () => user(['api_clients:read', 'api_clients:write']);
  const upstreamCalls = () => port.calls.length;

  async function created(): Promise<{ clientId: string; secretId: string }> {
    const res = await request(app.url)
      .post(`${BASE}/org_1/clients`)
      .set('authorization', await writer())
      .send(body);
    expect(res.status).toBe(201);
    return { clientId: res.body.client.clientId, secretId: res.body.client.secrets[0].id };
  }

  describe('authorization', () => {
    it('401 without credentials, nothing upstream', async () => {
      const before = upstreamCalls();
      const res = await request(app.url).get(`${BASE}/org_1/clients`);
      expect(res.status).toBe(401);
      expect(upstreamCalls()).toBe(before);
    });

    it('a user needs api_clients:read to read and api_clients:write to change', async () => {
      const reader = await user(['api_clients:read']);
      expect(
        (await request(app.url).get(`${BASE}/org_1/clients`).set('authorization', reader)).status,
      ).toBe(200);
      const before = upstreamCalls();
      const denied = await request(app.url)
        .post(`${BASE}/org_1/clients`)
        .set('authorization', reader)
        .send(body);
      expect(denied.status).toBe(403);
      expect(denied.body).toEqual({
        error: 'insufficient_permission',
        message: expect.stringContaining('api_clients:write'),
        requestId: expect.any(String),
      });
      const none = await request(app.url)
        .get(`${BASE}/org_1/clients`)
        .set('authorization', await user([]));
      expect(none.status).toBe(403);
      expect(upstreamCalls()).toBe(before);
    });

    it('an API client needs the scope of the same name (403 insufficient_scope with challenge)', async () => {
      const ok = await request(app.url)
        .post(`${BASE}/org_1/clients`)
        .set('authorization', await client(['api_clients:write']))
        .send(body);
      expect(ok.status).toBe(201);
      const before = upstreamCalls();
      const denied = await request(app.url)
        .get(`${BASE}/org_1/clients`)
        .set('authorization', await client(['api_clients:write']));
      expect(denied.status).toBe(403);
      expect(denied.headers['www-authenticate']).toContain('scope="api_clients:read"');
      // A permission claim on an M2M token does not count: clients are judged by scopes.
      const perm = await issuer.mint({
        sub: 'm2morg_9',
        client_id: 'm2morg_9',
        oid: 'org_1',
        permissions: ['api_clients:read'],
      });
      expect(
        (await request(app.url).get(`${BASE}/org_1/clients`).set('authorization', `Bearer ${perm}`))
          .status,
      ).toBe(403);
      // ...and a user's scope does not stand in for a permission.
      const scoped = await issuer.mint({ sub: 'usr_1', oid: 'org_1', scope: 'api_clients:read' });
      expect(
        (
          await request(app.url)
            .get(`${BASE}/org_1/clients`)
            .set('authorization', `Bearer ${scoped}`)
        ).status,
      ).toBe(403);
      expect(upstreamCalls()).toBe(before);
    });

    it('tenant isolation: another organization is 403 and touches nothing, unless api_clients:admin', async () => {
      const before = upstreamCalls();
      for (const [method, path] of [
        ['get', `${BASE}/org_2/clients`],
        ['post', `${BASE}/org_2/clients`],
        ['get', `${BASE}/org_2/clients/m2morg_1`],
        ['patch', `${BASE}/org_2/clients/m2morg_1`],
        ['delete', `${BASE}/org_2/clients/m2morg_1`],
        ['post', `${BASE}/org_2/clients/m2morg_1/secrets`],
        ['delete', `${BASE}/org_2/clients/m2morg_1/secrets/sks_1`],
      ] as const) {
        const res = await request(app.url)
          [method](path)
          .set('authorization', await writer())
          .send(method === 'post' || method === 'patch' ? body : undefined);
        expect([path, res.status, res.body.error]).toEqual([path, 403, 'organization_mismatch']);
        const asClient = await request(app.url)
          [method](path)
          .set('authorization', await client(['api_clients:read', 'api_clients:write']));
        expect(asClient.status).toBe(403);
      }
      expect(upstreamCalls()).toBe(before);
      const admin = await user(['api_clients:read', 'api_clients:admin']);
      expect(
        (await request(app.url).get(`${BASE}/org_2/clients`).set('authorization', admin)).status,
      ).toBe(200);
      const adminClient = await client(['api_clients:read', 'api_clients:admin']);
      expect(
        (await request(app.url).get(`${BASE}/org_2/clients`).set('authorization', adminClient))
          .status,
      ).toBe(200);
    });

    it('api_clients:admin lifts tenant isolation for changes too, and acts on the path organization', async () => {
      const asAdmin = await user(['api_clients:write', 'api_clients:admin']);
      const made = await request(app.url)
        .post(`${BASE}/org_2/clients`)
        .set('authorization', asAdmin)
        .send(body);
      expect([made.status, made.body.client.organizationId]).toEqual([201, 'org_2']);
      const gone = await request(app.url)
        .delete(`${BASE}/org_2/clients/${made.body.client.clientId as string}`)
        .set('authorization', await client(['api_clients:write', 'api_clients:admin']));
      expect(gone.status).toBe(204);
      // admin alone is not write: the permission is still needed.
      const adminOnly = await request(app.url)
        .post(`${BASE}/org_2/clients`)
        .set('authorization', await user(['api_clients:admin']))
        .send(body);
      expect([adminOnly.status, adminOnly.body.error]).toEqual([403, 'insufficient_permission']);
    });

    it('a token without an organization is 403 on every organization', async () => {
      const before = upstreamCalls();
      const noOrg = await issuer.mint({ sub: 'usr_1', permissions: ['api_clients:read'] });
      const res = await request(app.url)
        .get(`${BASE}/org_1/clients`)
        .set('authorization', `Bearer ${noOrg}`);
      expect([res.status, res.body.error]).toEqual([403, 'organization_mismatch']);
      expect(upstreamCalls()).toBe(before);
    });

    it('audits denied changes with who, where and the request id', async () => {
      audit.events.splice(0);
      const res = await request(app.url)
        .delete(`${BASE}/org_2/clients/m2morg_1`)
        .set('authorization', await writer())
        .set('x-request-id', 'req-denied-1');
      expect(res.status).toBe(403);
      expect(audit.events).toEqual([
        expect.objectContaining({
          action: 'api_client.delete',
          outcome: 'denied',
          organizationId: 'org_2',
          clientId: 'm2morg_1',
          requestId: 'req-denied-1',
          actor: expect.objectContaining({ subject: 'usr_1', organizationId: 'org_1' }),
        }),
      ]);
    });
  });

  describe('validation (400 naming each problem, before any upstream call)', () => {
    const post = async (payload: unknown) =>
      request(app.url)
        .post(`${BASE}/org_1/clients`)
        .set('authorization', await writer())
        .send(payload as object);

    it.each(
      [
        [{ ...body, name: '' }, 'name'],
        [{ ...body, name: 'x'.repeat(129) }, 'name'],
        [{ ...body, description: 'x'.repeat(1025) }, 'description'],
        [{ ...body, scopes: [] }, 'scopes'],
        [{ ...body, scopes: ['read:deployments', 'READ:x'] }, 'scopes[1]'],
        [{ ...body, scopes: ['a:b', 'a:b'] }, 'scopes[1]'],
        [{ ...body, scopes: Array.from({ length: 51 }, (_, i) => `s:${i}`) }, 'scopes'],
        [{ ...body, audience: ['not a url'] }, 'audience[0]'],
        [{ ...body, customClaims: { sub: 'x' } }, 'customClaims.sub'],
        [{ ...body, customClaims: { client_id: 'x' } }, 'customClaims.client_id'],
        [{ ...body, expiry: 3600 }, 'expiry'],
        [{ ...body, unknownField: 1 }, 'unknownField'],
      ].map(([payload, field]) => [field as string, payload]),
    )('refuses a bad %s, naming it', async (field, payload) => {
      const before = upstreamCalls();
      const res = await post(payload);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: 'validation_failed', requestId: expect.any(String) });
      expect(res.body.details).toEqual(
        expect.arrayContaining([{ field, problem: expect.any(String) }]),
      );
      expect(upstreamCalls()).toBe(before);
    });

    it('refuses expiry with a message that says why (create and PATCH)', async () => {
      const onCreate = await post({ ...body, expiry: 3600 });
      const { clientId } = await created();
      const patched = await request(app.url)
        .patch(`${BASE}/org_1/clients/${clientId}`)
        .set('authorization', await writer())
        .send({ expiry: 60 });
      for (const res of [onCreate, patched]) {
        expect(res.status).toBe(400);
        expect(res.body.details).toEqual([
          { field: 'expiry', problem: expect.stringMatching(/not supported.*SDK.*dashboard/) },
        ]);
      }
    });

    it('lists every problem at once', async () => {
      const res = await post({ name: '', scopes: ['bad'], foo: 1 });
      expect((res.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual([
        'foo',
        'name',
        'scopes[0]',
      ]);
    });

    it('checks path ids before calling upstream, even for an admin', async () => {
      const admin = await user(['api_clients:read', 'api_clients:write', 'api_clients:admin']);
      const before = upstreamCalls();
      for (const [path, field] of [
        [`${BASE}/acme/clients`, 'organizationId'],
        [`${BASE}/org_1/clients/skc_1`, 'clientId'],
        [`${BASE}/org_1/clients/m2morg_1/secrets/secret1`, 'secretId'],
      ]) {
        const method = path.includes('secrets') ? 'delete' : 'get';
        const res = await request(app.url)[method](path).set('authorization', admin);
        expect([path, res.status, res.body.details?.[0]?.field]).toEqual([path, 400, field]);
      }
      expect(upstreamCalls()).toBe(before);
    });

    it('validates the query strictly', async () => {
      const reader = await user(['api_clients:read']);
      for (const query of ['pageSize=0', 'pageSize=101', 'pageSize=abc', 'page=2']) {
        const res = await request(app.url)
          .get(`${BASE}/org_1/clients?${query}`)
          .set('authorization', reader);
        expect([query, res.status]).toEqual([query, 400]);
      }
      const del = await request(app.url)
        .delete(`${BASE}/org_1/clients/m2morg_1/secrets/sks_1?force=yes`)
        .set('authorization', await writer());
      expect(del.body.details).toEqual([{ field: 'force', problem: 'must be true or false' }]);
    });

    it('PATCH needs at least one field and refuses unknown ones', async () => {
      const { clientId } = await created();
      const empty = await request(app.url)
        .patch(`${BASE}/org_1/clients/${clientId}`)
        .set('authorization', await writer())
        .send({});
      expect(empty.status).toBe(400);
      const before = upstreamCalls();
      const unknown = await request(app.url)
        .patch(`${BASE}/org_1/clients/${clientId}`)
        .set('authorization', await writer())
        .send({ name: 'x', clientId: 'm2morg_2', secrets: [] });
      expect([unknown.status, unknown.body.details]).toEqual([
        400,
        [
          { field: 'clientId', problem: 'unknown field' },
          { field: 'secrets', problem: 'unknown field' },
        ],
      ]);
      expect(upstreamCalls()).toBe(before);
      const ok = await request(app.url)
        .patch(`${BASE}/org_1/clients/${clientId}`)
        .set('authorization', await writer())
        .send({ name: 'renamed', scopes: ['x:y'] });
      expect([ok.status, ok.body.name, ok.body.scopes]).toEqual([200, 'renamed', ['x:y']]);
    });

    it('POST secrets takes no body fields', async () => {
      const { clientId } = await created();
      const res = await request(app.url)
        .post(`${BASE}/org_1/clients/${clientId}/secrets`)
        .set('authorization', await writer())
        .send({ expiry: 1 });
      expect([res.status, res.body.details?.[0]?.field]).toEqual([400, 'expiry']);
    });

    it('malformed JSON is 400, another content type 415, a large body 413: never 500', async () => {
      const auth = await writer();
      const broken = await request(app.url)
        .post(`${BASE}/org_1/clients`)
        .set('authorization', auth)
        .set('content-type', 'application/json')
        .send('{"name":');
      expect(broken.status).toBe(400);
      const text = await request(app.url)
        .post(`${BASE}/org_1/clients`)
        .set('authorization', auth)
        .set('content-type', 'text/plain')
        .send('name=x');
      expect([text.status, text.body.error]).toEqual([415, 'unsupported_media_type']);
      const form = await request(app.url)
        .post(`${BASE}/org_1/clients`)
        .set('authorization', auth)
        .type('form')
        .send({ name: 'x' });
      expect(form.status).toBe(415);
      const big = await request(app.url)
        .post(`${BASE}/org_1/clients`)
        .set('authorization', auth)
        .send({ ...body, description: 'x'.repeat(20_000) });
      expect([big.status, big.body.error]).toEqual([413, 'payload_too_large']);
    });
  });

  describe('responses', () => {
    it('201 with plainSecret, Location and no-store; the secret never appears on reads or in audit', async () => {
      audit.events.splice(0);
      const res = await request(app.url)
        .post(`${BASE}/org_1/clients`)
        .set('authorization', await writer())
        .send(body);
      expect(res.status).toBe(201);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers.location).toBe(`${BASE}/org_1/clients/${res.body.client.clientId}`);
      const secret: string = res.body.plainSecret;
      expect(secret).toMatch(/^plain-secret-/);
      const reader = await user(['api_clients:read']);
      const one = await request(app.url)
        .get(`${BASE}/org_1/clients/${res.body.client.clientId}`)
        .set('authorization', reader);
      const list = await request(app.url)
        .get(`${BASE}/org_1/clients?pageSize=100`)
        .set('authorization', reader);
      expect(one.headers['cache-control']).toBe('no-store');
      for (const text of [one.text, list.text, JSON.stringify(audit.events)])
        expect(text).not.toContain(secret);
      expect(one.body.secrets[0]).toEqual({
        id: expect.stringMatching(/^sks_/),
        suffix: secret.slice(-4),
        status: 'active',
        createdAt: expect.any(String),
        lastUsedAt: null,
        expiresAt: null,
      });
      expect(audit.events).toEqual([
        expect.objectContaining({
          action: 'api_client.create',
          outcome: 'success',
          status: 201,
          clientId: res.body.client.clientId,
        }),
      ]);
    });

    it('lists with pagination', async () => {
      const reader = await user(['api_clients:read']);
      const page = await request(app.url)
        .get(`${BASE}/org_1/clients?pageSize=1`)
        .set('authorization', reader);
      expect(page.body.clients).toHaveLength(1);
      expect(page.body.nextPageToken).toEqual(expect.any(String));
      const next = await request(app.url)
        .get(`${BASE}/org_1/clients?pageSize=1&pageToken=${page.body.nextPageToken}`)
        .set('authorization', reader);
      expect(next.body.clients[0].clientId).not.toBe(page.body.clients[0].clientId);
    });

    it('rotation: add a secret (201 once), removing the last active one needs force', async () => {
      const { clientId, secretId } = await created();
      const auth = await writer();
      const removals = port.count('removeSecret');
      const alone = await request(app.url)
        .delete(`${BASE}/org_1/clients/${clientId}/secrets/${secretId}`)
        .set('authorization', auth);
      expect([alone.status, alone.body.error]).toEqual([409, 'last_active_secret']);
      expect(alone.body.message).toContain('?force=true');
      expect(port.count('removeSecret')).toBe(removals);
      const added = await request(app.url)
        .post(`${BASE}/org_1/clients/${clientId}/secrets`)
        .set('authorization', auth);
      expect([added.status, added.headers['cache-control'], typeof added.body.plainSecret]).toEqual(
        [201, 'no-store', 'string'],
      );
      expect(
        (
          await request(app.url)
            .delete(`${BASE}/org_1/clients/${clientId}/secrets/${secretId}`)
            .set('authorization', auth)
        ).status,
      ).toBe(204);
      const last = added.body.secret.id;
      expect(
        (
          await request(app.url)
            .delete(`${BASE}/org_1/clients/${clientId}/secrets/${last}`)
            .set('authorization', auth)
        ).status,
      ).toBe(409);
      expect(
        (
          await request(app.url)
            .delete(`${BASE}/org_1/clients/${clientId}/secrets/${last}?force=true`)
            .set('authorization', auth)
        ).status,
      ).toBe(204);
    });

    it('audits every change with who, organization, action, client and secret ids, outcome, request id', async () => {
      const auth = await writer();
      const actor = { kind: 'user', via: 'bearer', subject: 'usr_1', organizationId: 'org_1' };
      const event = (action: string, status: number, ids: object, requestId: string) => ({
        action,
        outcome: 'success',
        actor,
        organizationId: 'org_1',
        status,
        error: null,
        requestId,
        replayed: false,
        ...ids,
      });
      audit.events.splice(0);
      const made = await request(app.url)
        .post(`${BASE}/org_1/clients`)
        .set('authorization', auth)
        .set('x-request-id', 'req-a1')
        .send(body);
      const clientId = made.body.client.clientId as string;
      const firstSecret = made.body.client.secrets[0].id as string;
      const path = `${BASE}/org_1/clients/${clientId}`;
      await request(app.url)
        .patch(path)
        .set('authorization', auth)
        .set('x-request-id', 'req-a2')
        .send({ name: 'renamed' });
      const added = await request(app.url)
        .post(`${path}/secrets`)
        .set('authorization', auth)
        .set('x-request-id', 'req-a3');
      const secondSecret = added.body.secret.id as string;
      await request(app.url)
        .delete(`${path}/secrets/${firstSecret}`)
        .set('authorization', auth)
        .set('x-request-id', 'req-a4');
      await request(app.url).delete(path).set('authorization', auth).set('x-request-id', 'req-a5');
      expect(audit.events).toEqual([
        event('api_client.create', 201, { clientId, secretId: firstSecret }, 'req-a1'),
        event('api_client.update', 200, { clientId, secretId: null }, 'req-a2'),
        event('api_client.secret.add', 201, { clientId, secretId: secondSecret }, 'req-a3'),
        event('api_client.secret.remove', 204, { clientId, secretId: firstSecret }, 'req-a4'),
        event('api_client.delete', 204, { clientId, secretId: null }, 'req-a5'),
      ]);
    });

    it('audits refused and failed changes with their error code; reads are not audited', async () => {
      const auth = await writer();
      audit.events.splice(0);
      await request(app.url).get(`${BASE}/org_1/clients`).set('authorization', auth);
      await request(app.url)
        .post(`${BASE}/org_1/clients`)
        .set('authorization', auth)
        .send({ ...body, scopes: [] });
      await request(app.url).delete(`${BASE}/org_1/clients/m2morg_404`).set('authorization', auth);
      expect(audit.events.map((e) => [e.action, e.outcome, e.status, e.error])).toEqual([
        ['api_client.create', 'rejected', 400, 'validation_failed'],
        ['api_client.delete', 'rejected', 404, 'not_found'],
      ]);
    });

    it('delete is 204, then 404', async () => {
      const { clientId } = await created();
      const auth = await writer();
      audit.events.splice(0);
      expect(
        (
          await request(app.url)
            .delete(`${BASE}/org_1/clients/${clientId}`)
            .set('authorization', auth)
        ).status,
      ).toBe(204);
      const again = await request(app.url)
        .delete(`${BASE}/org_1/clients/${clientId}`)
        .set('authorization', auth);
      expect([again.status, again.body.error]).toEqual([404, 'not_found']);
      expect(audit.events.map((e) => [e.action, e.outcome, e.status])).toEqual([
        ['api_client.delete', 'success', 204],
        ['api_client.delete', 'rejected', 404],
      ]);
    });
  });
});
