import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { createAdminTestApp, AdminTestApp } from './helpers/admin/admin-test-app';
import { CapturingAuditLogger } from './helpers/admin/capturing-audit.logger';
import { devIdpEnv, DevIdpHandle, startTestDevIdp } from './helpers/dev-idp';
import { freePort } from './helpers/free-port';
import { deleteRedisPrefix, TEST_REDIS_URL } from './helpers/session-login';
import { claimsOf, userToken } from './helpers/stand-in-tokens';

const ITERATIONS = 25;

/**
 * Two concurrent removals of a client's last two active secrets, through the real SDK and the
 * stand-in: without a lock both read "two active", both remove, and the client is locked out.
 * Exactly one must go through; the other is 409 `last_active_secret`.
 */
describe('removing the last two secrets at once (e2e, raced many times)', () => {
  let idp: DevIdpHandle;
  let base: string;
  let env: Record<string, string>;
  let acmeAdmin: string;
  let acme: string;
  const audit = new CapturingAuditLogger();

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    idp = await startTestDevIdp({ appRedirectUris: [`${base}/auth/callback`] });
    env = devIdpEnv(idp, base);
    acmeAdmin = `Bearer ${await userToken(idp, `${base}/auth/callback`, 'admin@acme.test')}`;
    acme = String(claimsOf(acmeAdmin.slice(7)).oid);
  });
  afterAll(() => idp?.stop());

  const clients = () => `/api/admin/organizations/${acme}/clients`;

  /** One race: `one` and `two` (the same app, or two instances) each remove one of the two secrets. */
  async function race(one: AdminTestApp, two: AdminTestApp): Promise<void> {
    const created = await request(one.url)
      .post(clients())
      .set('authorization', acmeAdmin)
      .send({ name: 'raced', scopes: ['read:deployments'] });
    const clientId = created.body.client.clientId as string;
    const added = await request(one.url)
      .post(`${clients()}/${clientId}/secrets`)
      .set('authorization', acmeAdmin);
    expect([created.status, added.status]).toEqual([201, 201]);
    const secrets = [created.body.client.secrets[0].id as string, added.body.secret.id as string];

    const answers = await Promise.all(
      [one, two].map((app, i) =>
        request(app.url)
          .delete(`${clients()}/${clientId}/secrets/${secrets[i] ?? ''}`)
          .set('authorization', acmeAdmin),
      ),
    );
    const outcomes = answers.map((r) => `${r.status} ${String(r.body?.error ?? '')}`.trim());
    expect(outcomes.sort()).toEqual(['204', '409 last_active_secret']);

    const read = await request(one.url)
      .get(`${clients()}/${clientId}`)
      .set('authorization', acmeAdmin);
    expect(
      (read.body.secrets as { status: string }[]).filter((s) => s.status === 'active'),
    ).toHaveLength(1);
    const removals = audit.events
      .filter((e) => e.action === 'api_client.secret.remove' && e.clientId === clientId)
      .map((e) => [e.outcome, e.status, e.error])
      .sort();
    expect(removals).toEqual([
      ['rejected', 409, 'last_active_secret'],
      ['success', 204, null],
    ]);
  }

  it(`one instance, in-process lock: exactly one 204 and one 409, ${ITERATIONS} times`, async () => {
    const app = await createAdminTestApp(env, { audit });
    try {
      for (let i = 0; i < ITERATIONS; i++) await race(app, app);
    } finally {
      await app.close();
    }
  });

  it(`two instances sharing Redis: exactly one 204 and one 409, ${ITERATIONS} times`, async () => {
    const prefix = `test-secret-race-${randomBytes(6).toString('hex')}:`;
    const shared = {
      ...env,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      ADMIN_IDEMPOTENCY_SECRET: 'r'.repeat(32),
    };
    const one = await createAdminTestApp(shared, { audit });
    const two = await createAdminTestApp(shared, { audit });
    try {
      for (let i = 0; i < ITERATIONS; i++) await race(one, two);
    } finally {
      await one.close();
      await two.close();
      await deleteRedisPrefix(prefix);
    }
  });
});
