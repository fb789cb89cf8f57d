import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import request from 'supertest';
import { createAdminTestApp, AdminTestApp } from './helpers/admin/admin-test-app';
import { devIdpEnv, DevIdpHandle, startTestDevIdp } from './helpers/dev-idp';
import { freePort } from './helpers/free-port';
import { PrivateRedis } from './helpers/private-redis';
import { CookieJar, signIn } from './helpers/session-login';
import { claimsOf, userToken } from './helpers/stand-in-tokens';

const SECRET = { ADMIN_IDEMPOTENCY_SECRET: 'k'.repeat(32) };

/**
 * One Redis, several apps: everything the service writes lives under its `REDIS_KEY_PREFIX`,
 * and the one client keeps `REDIS_TIMEOUT_MS` on every path. A private `redis-server`, so the
 * whole keyspace seen here is this file's.
 */
describe('one Redis, one prefix for every key (e2e)', () => {
  let redis: PrivateRedis;
  let idp: DevIdpHandle;
  let port: number;
  let base: string;
  let acmeAdmin: string;
  let acme: string;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    idp = await startTestDevIdp({ appRedirectUris: [`${base}/auth/callback`] });
    acmeAdmin = `Bearer ${await userToken(idp, `${base}/auth/callback`, 'admin@acme.test')}`;
    acme = String(claimsOf(acmeAdmin.slice(7)).oid);
  });
  afterAll(async () => {
    await idp?.stop();
    await redis?.stop();
  });

  const clients = () => `/api/admin/organizations/${acme}/clients`;
  const appOn = (keyPrefix: string, extra: Record<string, string> = {}) =>
    createAdminTestApp({
      ...devIdpEnv(idp, base),
      ...SECRET,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: keyPrefix,
      ...extra,
    });

  it('two apps with other prefixes (same idempotency secret) never replay each other’s 201', async () => {
    const apps: AdminTestApp[] = [];
    try {
      for (const prefix of ['billing:', 'shipping:', 'billing:']) apps.push(await appOn(prefix));
      const [billing, shipping, billingAgain] = apps;
      const post = (app: AdminTestApp | undefined) =>
        request(app?.url ?? '')
          .post(clients())
          .set('authorization', acmeAdmin)
          .set('idempotency-key', 'shared-redis-key-0001')
          .send({ name: 'same body', scopes: ['read:deployments'] });
      const first = await post(billing);
      const other = await post(shipping);
      expect([first.status, other.status]).toEqual([201, 201]);
      expect(other.headers['idempotent-replayed']).toBeUndefined();
      expect(other.body.client.clientId).not.toBe(first.body.client.clientId);
      expect(other.body.plainSecret).not.toBe(first.body.plainSecret);
      // Control: another instance of the same app (same prefix) does replay.
      const retry = await post(billingAgain);
      expect([retry.headers['idempotent-replayed'], retry.body.client.clientId]).toEqual([
        'true',
        first.body.client.clientId,
      ]);
    } finally {
      for (const app of apps) await app.close();
    }
  });

  it('after sessions, a refresh, idempotency and a secret removal, every key written is under the prefix', async () => {
    const prefix = `keyspace-${randomBytes(4).toString('hex')}:`;
    // Keyspace notifications name every key touched, those deleted right after too (locks,
    // login attempts taken with GETDEL): a SCAN at the end alone would miss them.
    const admin = new Redis(redis.url);
    const watcher = new Redis(redis.url);
    const touched = new Set<string>();
    await admin.flushall(); // what the other tests of this file left
    await admin.config('SET', 'notify-keyspace-events', 'KA');
    await watcher.psubscribe('__keyspace@0__:*');
    watcher.on('pmessage', (_p: string, channel: string) =>
      touched.add(channel.slice('__keyspace@0__:'.length)),
    );
    const app = await appOn(prefix, { PORT: String(port), SESSION_STORE: 'redis' });
    try {
      const jar = new CookieJar();
      expect((await signIn(app.url, 'admin@acme.test', jar)).status).toBe(302);
      const session = await request(app.url)
        .get('/sessions')
        .set('Accept', 'application/json')
        .set('Cookie', jar.header());
      const refreshed = await request(app.url)
        .post('/sessions/refresh-token')
        .set('Cookie', jar.header())
        .set('Origin', base)
        .set('x-csrf-token', String(session.body.csrfToken))
        .set('Accept', 'application/json');
      expect(refreshed.status).toBe(200);

      const created = await request(app.url)
        .post(clients())
        .set('authorization', acmeAdmin)
        .set('idempotency-key', `keyspace-${prefix}`)
        .send({ name: 'keyspace', scopes: ['read:deployments'] });
      const clientId = created.body.client.clientId as string;
      await request(app.url)
        .post(`${clients()}/${clientId}/secrets`)
        .set('authorization', acmeAdmin);
      const removed = await request(app.url)
        .delete(`${clients()}/${clientId}/secrets/${created.body.client.secrets[0].id as string}`)
        .set('authorization', acmeAdmin);
      expect([created.status, removed.status]).toEqual([201, 204]);
      await sleep(100);

      const kinds = ['s:', 'login:', 'throttle:', 'lock:refresh:', 'admin:idempotency:'];
      for (const kind of [...kinds, `lock:admin:secrets:${acme}:${clientId}`])
        expect([kind, [...touched].some((k) => k.startsWith(`${prefix}${kind}`))]).toEqual([
          kind,
          true,
        ]);
      expect([...touched].filter((k) => !k.startsWith(prefix))).toEqual([]);
      const scanned: string[] = [];
      let cursor = '0';
      do {
        const [next, keys] = await admin.scan(cursor, 'COUNT', 500);
        cursor = next;
        scanned.push(...keys);
      } while (cursor !== '0');
      expect(scanned.length).toBeGreaterThan(0);
      expect(scanned.filter((k) => !k.startsWith(prefix))).toEqual([]);
    } finally {
      await app.close();
      await admin.config('SET', 'notify-keyspace-events', '');
      watcher.disconnect();
      admin.disconnect();
    }
  });

  it('the admin path honours REDIS_TIMEOUT_MS: a frozen Redis answers 503 after that deadline', async () => {
    const app = await appOn('frozen:', { REDIS_TIMEOUT_MS: '2500' });
    redis.freeze();
    try {
      const timed = async (make: () => request.Test) => {
        const started = Date.now();
        const res = await make();
        return [res.status, res.body.error, Date.now() - started] as const;
      };
      const keyed = await timed(() =>
        request(app.url)
          .post(clients())
          .set('authorization', acmeAdmin)
          .set('idempotency-key', 'frozen-key-0001')
          .send({ name: 'x', scopes: ['read:deployments'] }),
      );
      const removal = await timed(() =>
        request(app.url)
          .delete(`${clients()}/m2morg_123/secrets/sks_123`)
          .set('authorization', acmeAdmin),
      );
      expect(keyed.slice(0, 2)).toEqual([503, 'idempotency_unavailable']);
      expect(removal.slice(0, 2)).toEqual([503, 'lock_unavailable']);
      // Not the old hard-coded second, and no hang either.
      for (const [, , ms] of [keyed, removal]) {
        expect(ms).toBeGreaterThanOrEqual(2_300);
        expect(ms).toBeLessThan(8_000);
      }
    } finally {
      redis.thaw();
      await app.close();
    }
  }, 20_000);
});
