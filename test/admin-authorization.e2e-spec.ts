import request from 'supertest';
import { ADMIN_BASE, CLIENT_BODY, useAdminTestbed } from './helpers/admin-testbed';

describe('admin API: who may call it (e2e, fake port)', () => {
  const bed = useAdminTestbed();
  const { user, client, writer, upstreamCalls } = bed;

  describe('authorization', () => {
    it('401 without credentials, nothing upstream', async () => {
      const before = upstreamCalls();
      const res = await request(bed.url).get(`${ADMIN_BASE}/org_1/clients`);
      expect(res.status).toBe(401);
      expect(upstreamCalls()).toBe(before);
    });

    it('a user needs api_clients:read to read and api_clients:write to change', async () => {
      const reader = await user(['api_clients:read']);
      expect(
        (await request(bed.url).get(`${ADMIN_BASE}/org_1/clients`).set('authorization', reader))
          .status,
      ).toBe(200);
      const before = upstreamCalls();
      const denied = await request(bed.url)
        .post(`${ADMIN_BASE}/org_1/clients`)
        .set('authorization', reader)
        .send(CLIENT_BODY);
      expect(denied.status).toBe(403);
      expect(denied.body).toEqual({
        error: 'insufficient_permission',
        message: expect.stringContaining('api_clients:write'),
        requestId: expect.any(String),
      });
      const none = await request(bed.url)
        .get(`${ADMIN_BASE}/org_1/clients`)
        .set('authorization', await user([]));
      expect(none.status).toBe(403);
      expect(upstreamCalls()).toBe(before);
    });

    it('an API client needs the scope of the same name (403 insufficient_scope with challenge)', async () => {
      const ok = await request(bed.url)
        .post(`${ADMIN_BASE}/org_1/clients`)
        .set('authorization', await client(['api_clients:write']))
        .send(CLIENT_BODY);
      expect(ok.status).toBe(201);
      const before = upstreamCalls();
      const denied = await request(bed.url)
        .get(`${ADMIN_BASE}/org_1/clients`)
        .set('authorization', await client(['api_clients:write']));
      expect(denied.status).toBe(403);
      expect(denied.headers['www-authenticate']).toContain('scope="api_clients:read"');
      // A permission claim on an M2M token does not count: clients are judged by scopes.
      const perm = await bed.issuer.mint({
        sub: 'm2morg_9',
        client_id: 'm2morg_9',
        oid: 'org_1',
        permissions: ['api_clients:read'],
      });
      expect(
        (
          await request(bed.url)
            .get(`${ADMIN_BASE}/org_1/clients`)
            .set('authorization', `Bearer ${perm}`)
        ).status,
      ).toBe(403);
      // ...and a user's scope does not stand in for a permission.
      const scoped = await bed.issuer.mint({
        sub: 'usr_1',
        oid: 'org_1',
        scope: 'api_clients:read',
      });
      expect(
        (
          await request(bed.url)
            .get(`${ADMIN_BASE}/org_1/clients`)
            .set('authorization', `Bearer ${scoped}`)
        ).status,
      ).toBe(403);
      expect(upstreamCalls()).toBe(before);
    });

    it('tenant isolation: another organization is 403 and touches nothing, unless api_clients:admin', async () => {
      const before = upstreamCalls();
      for (const [method, path] of [
        ['get', `${ADMIN_BASE}/org_2/clients`],
        ['post', `${ADMIN_BASE}/org_2/clients`],
        ['get', `${ADMIN_BASE}/org_2/clients/m2morg_1`],
        ['patch', `${ADMIN_BASE}/org_2/clients/m2morg_1`],
        ['delete', `${ADMIN_BASE}/org_2/clients/m2morg_1`],
        ['post', `${ADMIN_BASE}/org_2/clients/m2morg_1/secrets`],
        ['delete', `${ADMIN_BASE}/org_2/clients/m2morg_1/secrets/sks_1`],
      ] as const) {
        const res = await request(bed.url)
          [method](path)
          .set('authorization', await writer())
          .send(method === 'post' || method === 'patch' ? CLIENT_BODY : undefined);
        expect([path, res.status, res.body.error]).toEqual([path, 403, 'organization_mismatch']);
        const asClient = await request(bed.url)
          [method](path)
          .set('authorization', await client(['api_clients:read', 'api_clients:write']));
        expect(asClient.status).toBe(403);
      }
      expect(upstreamCalls()).toBe(before);
      const admin = await user(['api_clients:read', 'api_clients:admin']);
      expect(
        (await request(bed.url).get(`${ADMIN_BASE}/org_2/clients`).set('authorization', admin))
          .status,
      ).toBe(200);
      const adminClient = await client(['api_clients:read', 'api_clients:admin']);
      expect(
        (
          await request(bed.url)
            .get(`${ADMIN_BASE}/org_2/clients`)
            .set('authorization', adminClient)
        ).status,
      ).toBe(200);
    });

    it('api_clients:admin lifts tenant isolation for changes too, and acts on the path organization', async () => {
      const asAdmin = await user(['api_clients:write', 'api_clients:admin']);
      const made = await request(bed.url)
        .post(`${ADMIN_BASE}/org_2/clients`)
        .set('authorization', asAdmin)
        .send(CLIENT_BODY);
      expect([made.status, made.body.client.organizationId]).toEqual([201, 'org_2']);
      const gone = await request(bed.url)
        .delete(`${ADMIN_BASE}/org_2/clients/${made.body.client.clientId as string}`)
        .set('authorization', await client(['api_clients:write', 'api_clients:admin']));
      expect(gone.status).toBe(204);
      // admin alone is not write: the permission is still needed.
      const adminOnly = await request(bed.url)
        .post(`${ADMIN_BASE}/org_2/clients`)
        .set('authorization', await user(['api_clients:admin']))
        .send(CLIENT_BODY);
      expect([adminOnly.status, adminOnly.body.error]).toEqual([403, 'insufficient_permission']);
    });

    it('a token without an organization is 403 on every organization', async () => {
      const before = upstreamCalls();
      const noOrg = await bed.issuer.mint({ sub: 'usr_1', permissions: ['api_clients:read'] });
      const res = await request(bed.url)
        .get(`${ADMIN_BASE}/org_1/clients`)
        .set('authorization', `Bearer ${noOrg}`);
      expect([res.status, res.body.error]).toEqual([403, 'organization_mismatch']);
      expect(upstreamCalls()).toBe(before);
    });

    it('audits denied changes with who, where and the request id', async () => {
      bed.audit.events.splice(0);
      const res = await request(bed.url)
        .delete(`${ADMIN_BASE}/org_2/clients/m2morg_1`)
        .set('authorization', await writer())
        .set('x-request-id', 'req-denied-1');
      expect(res.status).toBe(403);
      expect(bed.audit.events).toEqual([
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
});
