import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { loginAtDevIdp } from './helpers/dev-idp';
import { PrivateRedis } from './helpers/private-redis';
import {
  CookieJar,
  signIn,
  startSessionTestbed,
  storeScratch,
  type SessionTestbed,
  type StoreScratch,
} from './helpers/session-login';

/** A user access token straight from the stand-in, for the bearer-token route. */
async function bearerToken(bed: SessionTestbed): Promise<string> {
  const { clientId, clientSecret } = bed.idp.appClient;
  const redirectUri = `${bed.url}/auth/callback`;
  const authorize = new URL('/oauth/authorize', bed.idp.url);
  authorize.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid',
    state: 's',
  }).toString();
  const code =
    new URL(await loginAtDevIdp(authorize.toString(), 'admin@acme.test')).searchParams.get(
      'code',
    ) ?? '';
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    client_id: clientId,
    client_secret: clientSecret,
  });
  const res = await request(bed.idp.url).post('/oauth/token').type('form').send(form.toString());
  return String(res.body.access_token);
}

describe('session store outage (private redis-server)', () => {
  let redis: PrivateRedis;
  let scratch: StoreScratch;
  let bed: SessionTestbed;
  const jar = new CookieJar();

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    scratch = storeScratch();
    bed = await startSessionTestbed('redis', scratch, {
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: `outage-${randomBytes(4).toString('hex')}:`,
      REDIS_TIMEOUT_MS: '500',
    });
    await signIn(bed.url, 'admin@acme.test', jar);
  });

  afterAll(async () => {
    await bed.close();
    await redis.stop();
    await scratch.dispose();
  });

  /** Requests that depend on the store, with how long each took. */
  async function probe() {
    const timed = async (make: () => request.Test) => {
      const started = Date.now();
      const res = await make();
      return {
        status: res.status,
        body: res.body as Record<string, unknown>,
        location: res.headers.location,
        ms: Date.now() - started,
      };
    };
    return {
      page: await timed(() => request(bed.url).get('/dashboard').set('Cookie', jar.header())),
      json: await timed(() =>
        request(bed.url)
          .get('/sessions')
          .set('Cookie', jar.header())
          .set('Accept', 'application/json'),
      ),
      login: await timed(() => request(bed.url).get('/login')),
    };
  }

  async function expectOutage(): Promise<void> {
    const { page, json, login } = await probe();
    for (const r of [page, json, login]) {
      expect(r.status).toBe(503);
      expect(r.ms).toBeLessThan(3_000);
    }
    expect(json.body.error).toBe('session_store_unavailable');
    // No state saved, no redirect to the IdP.
    expect(login.location).toBeUndefined();
  }

  async function waitForRecovery(): Promise<Awaited<ReturnType<typeof probe>>> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const answers = await probe();
      if (answers.login.status === 302 || Date.now() > deadline) return answers;
      await sleep(200);
    }
  }

  it('works while Redis is up', async () => {
    const { page, login } = await probe();
    expect(page.status).toBe(200);
    expect(login.status).toBe(302);
  });

  it('a frozen Redis gives 503 quickly (no hang); bearer tokens keep working; the session is back after', async () => {
    const token = await bearerToken(bed);
    redis.freeze();
    try {
      await expectOutage();
      const bearer = await request(bed.url).get('/api/me').set('Authorization', `Bearer ${token}`);
      expect(bearer.status).toBe(200);
      expect(bearer.body.via).toBe('bearer');
    } finally {
      redis.thaw();
    }
    const after = await waitForRecovery();
    expect(after.login.status).toBe(302);
    expect(after.page.status).toBe(200);
  });

  it('a stopped Redis gives 503; once restarted, sign-in works again', async () => {
    await redis.stop();
    await expectOutage();
    await redis.start();
    const after = await waitForRecovery();
    expect(after.login.status).toBe(302);
    // This Redis kept nothing: the old session is gone (sign in again), not an error.
    expect(after.page.status).toBe(302);
    const fresh = new CookieJar();
    expect((await signIn(bed.url, 'admin@acme.test', fresh)).headers.location).toBe('/dashboard');
    expect((await request(bed.url).get('/dashboard').set('Cookie', fresh.header())).status).toBe(
      200,
    );
  });
});
