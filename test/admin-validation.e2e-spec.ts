import request from 'supertest';
import { ADMIN_BASE, CLIENT_BODY, useAdminTestbed } from './helpers/admin-testbed';

describe('admin API: validation (e2e, fake port)', () => {
  const bed = useAdminTestbed();
  const { user, writer, upstreamCalls, created } = bed;

  describe('validation (400 naming each problem, before any upstream call)', () => {
    const post = async (payload: unknown) =>
      request(bed.url)
        .post(`${ADMIN_BASE}/org_1/clients`)
        .set('authorization', await writer())
        .send(payload as object);

    it.each(
      [
        [{ ...CLIENT_BODY, name: '' }, 'name'],
        [{ ...CLIENT_BODY, name: 'x'.repeat(129) }, 'name'],
        [{ ...CLIENT_BODY, description: 'x'.repeat(1025) }, 'description'],
        [{ ...CLIENT_BODY, scopes: [] }, 'scopes'],
        [{ ...CLIENT_BODY, scopes: ['read:deployments', 'READ:x'] }, 'scopes[1]'],
        [{ ...CLIENT_BODY, scopes: ['a:b', 'a:b'] }, 'scopes[1]'],
        [{ ...CLIENT_BODY, scopes: Array.from({ length: 51 }, (_, i) => `s:${i}`) }, 'scopes'],
        [{ ...CLIENT_BODY, audience: ['not a url'] }, 'audience[0]'],
        [{ ...CLIENT_BODY, customClaims: { sub: 'x' } }, 'customClaims.sub'],
        [{ ...CLIENT_BODY, customClaims: { client_id: 'x' } }, 'customClaims.client_id'],
        [{ ...CLIENT_BODY, expiry: 59 }, 'expiry'],
        [{ ...CLIENT_BODY, expiry: 86_401 }, 'expiry'],
        [{ ...CLIENT_BODY, expiry: 600.5 }, 'expiry'],
        [{ ...CLIENT_BODY, expiry: '3600' }, 'expiry'],
        [{ ...CLIENT_BODY, unknownField: 1 }, 'unknownField'],
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

    it('takes expiry within its bounds on create and PATCH, and names the bounds otherwise', async () => {
      const onCreate = await post({ ...CLIENT_BODY, expiry: 600 });
      expect([onCreate.status, onCreate.body.client?.expirySeconds]).toEqual([201, 600]);
      const { clientId } = await created();
      const patch = async (expiry: unknown) =>
        request(bed.url)
          .patch(`${ADMIN_BASE}/org_1/clients/${clientId}`)
          .set('authorization', await writer())
          .send({ expiry });
      const patched = await patch(86_400);
      expect([patched.status, patched.body.expirySeconds]).toEqual([200, 86_400]);
      const before = upstreamCalls();
      for (const res of [await post({ ...CLIENT_BODY, expiry: 30 }), await patch(0)]) {
        expect(res.status).toBe(400);
        expect(res.body.details).toEqual([
          { field: 'expiry', problem: 'must be a whole number of seconds from 60 to 86400' },
        ]);
      }
      expect(upstreamCalls()).toBe(before);
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
        [`${ADMIN_BASE}/acme/clients`, 'organizationId'],
        [`${ADMIN_BASE}/org_1/clients/skc_1`, 'clientId'],
        [`${ADMIN_BASE}/org_1/clients/m2morg_1/secrets/secret1`, 'secretId'],
      ]) {
        const method = path.includes('secrets') ? 'delete' : 'get';
        const res = await request(bed.url)[method](path).set('authorization', admin);
        expect([path, res.status, res.body.details?.[0]?.field]).toEqual([path, 400, field]);
      }
      expect(upstreamCalls()).toBe(before);
    });

    it('validates the query strictly', async () => {
      const reader = await user(['api_clients:read']);
      for (const query of ['pageSize=0', 'pageSize=101', 'pageSize=abc', 'page=2']) {
        const res = await request(bed.url)
          .get(`${ADMIN_BASE}/org_1/clients?${query}`)
          .set('authorization', reader);
        expect([query, res.status]).toEqual([query, 400]);
      }
      const del = await request(bed.url)
        .delete(`${ADMIN_BASE}/org_1/clients/m2morg_1/secrets/sks_1?force=yes`)
        .set('authorization', await writer());
      expect(del.body.details).toEqual([{ field: 'force', problem: 'must be true or false' }]);
    });

    it('PATCH needs at least one field and refuses unknown ones', async () => {
      const { clientId } = await created();
      const empty = await request(bed.url)
        .patch(`${ADMIN_BASE}/org_1/clients/${clientId}`)
        .set('authorization', await writer())
        .send({});
      expect(empty.status).toBe(400);
      const before = upstreamCalls();
      const unknown = await request(bed.url)
        .patch(`${ADMIN_BASE}/org_1/clients/${clientId}`)
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
      const ok = await request(bed.url)
        .patch(`${ADMIN_BASE}/org_1/clients/${clientId}`)
        .set('authorization', await writer())
        .send({ name: 'renamed', scopes: ['deploy:applications'] });
      expect([ok.status, ok.body.name, ok.body.scopes]).toEqual([
        200,
        'renamed',
        ['deploy:applications'],
      ]);
    });

    it('POST secrets takes no CLIENT_BODY fields', async () => {
      const { clientId } = await created();
      const res = await request(bed.url)
        .post(`${ADMIN_BASE}/org_1/clients/${clientId}/secrets`)
        .set('authorization', await writer())
        .send({ expiry: 1 });
      expect([res.status, res.body.details?.[0]?.field]).toEqual([400, 'expiry']);
    });

    it('malformed JSON is 400, another content type 415, a large CLIENT_BODY 413: never 500', async () => {
      const auth = await writer();
      const broken = await request(bed.url)
        .post(`${ADMIN_BASE}/org_1/clients`)
        .set('authorization', auth)
        .set('content-type', 'application/json')
        .send('{"name":');
      expect(broken.status).toBe(400);
      const text = await request(bed.url)
        .post(`${ADMIN_BASE}/org_1/clients`)
        .set('authorization', auth)
        .set('content-type', 'text/plain')
        .send('name=x');
      expect([text.status, text.body.error]).toEqual([415, 'unsupported_media_type']);
      const form = await request(bed.url)
        .post(`${ADMIN_BASE}/org_1/clients`)
        .set('authorization', auth)
        .type('form')
        .send({ name: 'x' });
      expect(form.status).toBe(415);
      const big = await request(bed.url)
        .post(`${ADMIN_BASE}/org_1/clients`)
        .set('authorization', auth)
        .send({ ...CLIENT_BODY, description: 'x'.repeat(20_000) });
      expect([big.status, big.body.error]).toEqual([413, 'payload_too_large']);
    });
  });
});
