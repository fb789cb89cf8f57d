import request from 'supertest';
import { createAdminTestApp, AdminTestApp } from './helpers/admin/admin-test-app';
import { FakeScalekitPort } from './helpers/admin/fake-scalekit.port';
import { PrivateRedis } from './helpers/private-redis';
import { appEnv, TestIssuer } from './helpers/test-issuer';

const CLIENTS = '/api/admin/organizations/org_1/clients';
const body = { name: 'CI deployer', scopes: ['read:deployments'] };

describe('admin idempotency (e2e)', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await TestIssuer.start();
  });
  afterAll(() => issuer?.close());

  const as = (sub: string, oid = 'org_1') =>
    issuer
      .mint({ sub, oid, permissions: ['api_clients:read', 'api_clients:write'] })
      .then((t) => `Bearer ${t}`);

  describe('in memory (one instance)', () => {
    let app: AdminTestApp;
    const port = new FakeScalekitPort();
    beforeAll(async () => {
      app = await createAdminTestApp(appEnv(issuer), { port });
    });
    afterAll(() => app?.close());

    const post = async (path: string, key: string, payload: object, sub = 'usr_1') =>
      request(app.url)
        .post(path)
        .set('authorization', await as(sub))
        .set('idempotency-key', key)
        .send(payload);

    it('a retry with the same key and body replays the same client and secret (no second create)', async () => {
      const first = await post(CLIENTS, 'create-key-0001', body);
      const retry = await post(CLIENTS, 'create-key-0001', {
        scopes: ['read:deployments'],
        name: 'CI deployer',
      });
      expect(first.status).toBe(201);
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.headers['cache-control']).toBe('no-store');
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      expect(port.count('createClient')).toBe(1);
    });

    it('the same key with another body is 422', async () => {
      await post(CLIENTS, 'create-key-0002', body);
      const other = await post(CLIENTS, 'create-key-0002', { ...body, name: 'other' });
      expect([other.status, other.body.error]).toEqual([422, 'idempotency_key_reused']);
    });

    it('keys are scoped per principal: another user with the same key gets its own client', async () => {
      const mine = await post(CLIENTS, 'create-key-0003', body, 'usr_1');
      const theirs = await post(CLIENTS, 'create-key-0003', body, 'usr_2');
      expect(theirs.status).toBe(201);
      expect(theirs.body.client.clientId).not.toBe(mine.body.client.clientId);
      expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    });

    it('concurrent duplicates make one upstream call', async () => {
      port.delayMs = 100;
      const before = port.count('createClient');
      const results = await Promise.all(
        Array.from({ length: 5 }, () => post(CLIENTS, 'create-key-0004', body)),
      );
      port.delayMs = 0;
      expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
      expect(new Set(results.map((r): string => r.body.client.clientId as string)).size).toBe(1);
      expect(port.count('createClient')).toBe(before + 1);
    });

    it('works for adding a secret too', async () => {
      const { body: created } = await post(CLIENTS, 'create-key-0005', body);
      const path = `${CLIENTS}/${created.client.clientId}/secrets`;
      const a = await post(path, 'secret-key-0001', {});
      const b = await post(path, 'secret-key-0001', {});
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(b.body).toEqual(a.body);
      expect(port.count('addSecret')).toBe(1);
      // The same key on another route is another request: 422.
      expect((await post(CLIENTS, 'secret-key-0001', body)).status).toBe(422);
    });

    it('refuses a malformed key', async () => {
      const res = await post(CLIENTS, 'short', body);
      expect([res.status, res.body.details?.[0]?.field]).toEqual([400, 'Idempotency-Key']);
    });
  });

  describe('in Redis (two instances)', () => {
    let redis: PrivateRedis;
    let one: AdminTestApp;
    let two: AdminTestApp;
    const port = new FakeScalekitPort();

    beforeAll(async () => {
      redis = await PrivateRedis.start();
      const env = {
        ...appEnv(issuer),
        REDIS_URL: redis.url,
        ADMIN_IDEMPOTENCY_SECRET: 'x'.repeat(40),
      };
      one = await createAdminTestApp(env, { port });
      two = await createAdminTestApp(env, { port });
    });
    afterAll(async () => {
      await one?.close();
      await two?.close();
      await redis?.stop();
    });

    it('instances agree: concurrent duplicates on two instances make one upstream call, same answer', async () => {
      port.delayMs = 150;
      const auth = await as('usr_1');
      const send = (app: AdminTestApp) =>
        request(app.url)
          .post(CLIENTS)
          .set('authorization', auth)
          .set('idempotency-key', 'redis-key-0001')
          .send(body);
      const [a, b] = await Promise.all([send(one), send(two)]);
      port.delayMs = 0;
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(b.body).toEqual(a.body);
      expect(port.count('createClient')).toBe(1);
      const later = await send(two);
      expect([later.body.plainSecret, later.headers['idempotent-replayed']]).toEqual([
        a.body.plainSecret,
        'true',
      ]);
      const changed = await request(one.url)
        .post(CLIENTS)
        .set('authorization', auth)
        .set('idempotency-key', 'redis-key-0001')
        .send({ ...body, name: 'x' });
      expect(changed.status).toBe(422);
    });

    it('Redis down: a keyed POST is 503 and nothing is created; unkeyed requests still work', async () => {
      await redis.stop();
      const before = port.count('createClient');
      const auth = await as('usr_1');
      const keyed = await request(one.url)
        .post(CLIENTS)
        .set('authorization', auth)
        .set('idempotency-key', 'redis-key-0002')
        .send(body);
      expect([keyed.status, keyed.body.error]).toEqual([503, 'idempotency_unavailable']);
      expect(port.count('createClient')).toBe(before);
      const plain = await request(one.url).post(CLIENTS).set('authorization', auth).send(body);
      expect(plain.status).toBe(201);
    });
  });
});
