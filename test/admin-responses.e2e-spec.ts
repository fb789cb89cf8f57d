import request from 'supertest';
import { ADMIN_BASE, CLIENT_BODY, useAdminTestbed } from './helpers/admin-testbed';

describe('admin API: responses and HTTP (e2e, fake port)', () => {
  const bed = useAdminTestbed();
  const { user, writer, created } = bed;

  describe('responses', () => {
    it('201 with plainSecret, Location and no-store; the secret never appears on reads or in audit', async () => {
      bed.audit.events.splice(0);
      const res = await request(bed.url)
        .post(`${ADMIN_BASE}/org_1/clients`)
        .set('authorization', await writer())
        .send(CLIENT_BODY);
      expect(res.status).toBe(201);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers.location).toBe(`${ADMIN_BASE}/org_1/clients/${res.body.client.clientId}`);
      const secret: string = res.body.plainSecret;
      expect(secret).toMatch(/^plain-secret-/);
      const reader = await user(['api_clients:read']);
      const one = await request(bed.url)
        .get(`${ADMIN_BASE}/org_1/clients/${res.body.client.clientId}`)
        .set('authorization', reader);
      const list = await request(bed.url)
        .get(`${ADMIN_BASE}/org_1/clients?pageSize=100`)
        .set('authorization', reader);
      expect(one.headers['cache-control']).toBe('no-store');
      for (const text of [one.text, list.text, JSON.stringify(bed.audit.events)])
        expect(text).not.toContain(secret);
      expect(one.body.secrets[0]).toEqual({
        id: expect.stringMatching(/^sks_/),
        suffix: secret.slice(-4),
        status: 'active',
        createdAt: expect.any(String),
        lastUsedAt: null,
        expiresAt: null,
      });
      expect(bed.audit.events).toEqual([
        expect.objectContaining({
          action: 'api_client.create',
          outcome: 'success',
          status: 201,
          clientId: res.body.client.clientId,
        }),
      ]);
    });

    it('lists with pagination', async () => {
      await created();
      await created();
      const reader = await user(['api_clients:read']);
      const page = await request(bed.url)
        .get(`${ADMIN_BASE}/org_1/clients?pageSize=1`)
        .set('authorization', reader);
      expect(page.body.clients).toHaveLength(1);
      expect(page.body.nextPageToken).toEqual(expect.any(String));
      const next = await request(bed.url)
        .get(`${ADMIN_BASE}/org_1/clients?pageSize=1&pageToken=${page.body.nextPageToken}`)
        .set('authorization', reader);
      expect(next.body.clients[0].clientId).not.toBe(page.body.clients[0].clientId);
    });

    it('rotation: add a secret (201 once), removing the last active one needs force', async () => {
      const { clientId, secretId } = await created();
      const auth = await writer();
      const removals = bed.port.count('removeSecret');
      const alone = await request(bed.url)
        .delete(`${ADMIN_BASE}/org_1/clients/${clientId}/secrets/${secretId}`)
        .set('authorization', auth);
      expect([alone.status, alone.body.error]).toEqual([409, 'last_active_secret']);
      expect(alone.body.message).toContain('?force=true');
      expect(bed.port.count('removeSecret')).toBe(removals);
      const added = await request(bed.url)
        .post(`${ADMIN_BASE}/org_1/clients/${clientId}/secrets`)
        .set('authorization', auth);
      expect([added.status, added.headers['cache-control'], typeof added.body.plainSecret]).toEqual(
        [201, 'no-store', 'string'],
      );
      expect(
        (
          await request(bed.url)
            .delete(`${ADMIN_BASE}/org_1/clients/${clientId}/secrets/${secretId}`)
            .set('authorization', auth)
        ).status,
      ).toBe(204);
      const last = added.body.secret.id;
      expect(
        (
          await request(bed.url)
            .delete(`${ADMIN_BASE}/org_1/clients/${clientId}/secrets/${last}`)
            .set('authorization', auth)
        ).status,
      ).toBe(409);
      expect(
        (
          await request(bed.url)
            .delete(`${ADMIN_BASE}/org_1/clients/${clientId}/secrets/${last}?force=true`)
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
      bed.audit.events.splice(0);
      const made = await request(bed.url)
        .post(`${ADMIN_BASE}/org_1/clients`)
        .set('authorization', auth)
        .set('x-request-id', 'req-a1')
        .send(CLIENT_BODY);
      const clientId = made.body.client.clientId as string;
      const firstSecret = made.body.client.secrets[0].id as string;
      const path = `${ADMIN_BASE}/org_1/clients/${clientId}`;
      await request(bed.url)
        .patch(path)
        .set('authorization', auth)
        .set('x-request-id', 'req-a2')
        .send({ name: 'renamed' });
      const added = await request(bed.url)
        .post(`${path}/secrets`)
        .set('authorization', auth)
        .set('x-request-id', 'req-a3');
      const secondSecret = added.body.secret.id as string;
      await request(bed.url)
        .delete(`${path}/secrets/${firstSecret}`)
        .set('authorization', auth)
        .set('x-request-id', 'req-a4');
      await request(bed.url).delete(path).set('authorization', auth).set('x-request-id', 'req-a5');
      expect(bed.audit.events).toEqual([
        event('api_client.create', 201, { clientId, secretId: firstSecret }, 'req-a1'),
        event('api_client.update', 200, { clientId, secretId: null }, 'req-a2'),
        event('api_client.secret.add', 201, { clientId, secretId: secondSecret }, 'req-a3'),
        event('api_client.secret.remove', 204, { clientId, secretId: firstSecret }, 'req-a4'),
        event('api_client.delete', 204, { clientId, secretId: null }, 'req-a5'),
      ]);
    });

    it('audits refused and failed changes with their error code; reads are not audited', async () => {
      const auth = await writer();
      bed.audit.events.splice(0);
      await request(bed.url).get(`${ADMIN_BASE}/org_1/clients`).set('authorization', auth);
      await request(bed.url)
        .post(`${ADMIN_BASE}/org_1/clients`)
        .set('authorization', auth)
        .send({ ...CLIENT_BODY, scopes: [] });
      await request(bed.url)
        .delete(`${ADMIN_BASE}/org_1/clients/m2morg_404`)
        .set('authorization', auth);
      expect(bed.audit.events.map((e) => [e.action, e.outcome, e.status, e.error])).toEqual([
        ['api_client.create', 'rejected', 400, 'validation_failed'],
        ['api_client.delete', 'rejected', 404, 'not_found'],
      ]);
    });

    it('delete is 204, then 404', async () => {
      const { clientId } = await created();
      const auth = await writer();
      bed.audit.events.splice(0);
      expect(
        (
          await request(bed.url)
            .delete(`${ADMIN_BASE}/org_1/clients/${clientId}`)
            .set('authorization', auth)
        ).status,
      ).toBe(204);
      const again = await request(bed.url)
        .delete(`${ADMIN_BASE}/org_1/clients/${clientId}`)
        .set('authorization', auth);
      expect([again.status, again.body.error]).toEqual([404, 'not_found']);
      expect(bed.audit.events.map((e) => [e.action, e.outcome, e.status])).toEqual([
        ['api_client.delete', 'success', 204],
        ['api_client.delete', 'rejected', 404],
      ]);
    });
  });
});
