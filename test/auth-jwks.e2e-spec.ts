import request from 'supertest';
import { createTestApp, TestApp } from './helpers/test-app';
import { appEnv, TestIssuer } from './helpers/test-issuer';

const COOLDOWN_MS = 300;
const env = (issuer: TestIssuer, extra: Record<string, string> = {}) => ({
  ...appEnv(issuer),
  AUTH_REALM: 'test-api',
  AUTH_JWKS_COOLDOWN_MS: String(COOLDOWN_MS),
  AUTH_JWKS_TIMEOUT_MS: '500',
  ...extra,
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

describe('JWKS key set (e2e)', () => {
  let issuer: TestIssuer;
  let app: TestApp | undefined;

  beforeEach(async () => {
    issuer = await TestIssuer.start();
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await issuer.close();
  });

  const url = (): string => {
    if (!app) throw new Error('app not started');
    return app.url;
  };
  const get = (token: string) =>
    request(url()).get('/api/me').set('authorization', `Bearer ${token}`);
  const ready = async () => (await request(url()).get('/health/ready')).status === 200;

  it('loads the key set once at start and then serves every request from memory', async () => {
    app = await createTestApp(env(issuer));
    await waitFor(ready);
    for (let i = 0; i < 5; i++)
      expect((await get(await issuer.mint({ jti: `t${i}` }))).status).toBe(200);
    expect(issuer.jwksFetches).toBe(1);
  });

  it('accepts a rotated key (new kid) after one refetch, and drops tokens of a removed key', async () => {
    app = await createTestApp(env(issuer));
    const oldToken = await issuer.mint();
    expect((await get(oldToken)).status).toBe(200);
    const oldKid = issuer.currentKey.kid;
    await issuer.rotate();
    issuer.removeKey(oldKid);
    await sleep(COOLDOWN_MS);
    expect((await get(await issuer.mint())).status).toBe(200);
    expect(issuer.jwksFetches).toBe(2);
    // The old token was verified (and cached) before; its key is gone now, so must be the token.
    expect((await get(oldToken)).status).toBe(401);
  });

  it('refreshes an old key set even when every request is a cache hit, then drops a removed key', async () => {
    app = await createTestApp(env(issuer, { AUTH_JWKS_MAX_AGE_MS: '200' }));
    const token = await issuer.mint();
    expect((await get(token)).status).toBe(200);
    const withdrawn = issuer.currentKey.kid;
    await issuer.rotate();
    issuer.removeKey(withdrawn);
    await sleep(COOLDOWN_MS + 50);
    // Served from the verified-token cache: it must still notice the key set is due a refresh.
    await get(token);
    await waitFor(() => issuer.jwksFetches >= 2, 2_000);
    await waitFor(async () => (await get(token)).status === 401, 2_000);
  });

  it('keeps known keys working while the JWKS is down (warm outage)', async () => {
    app = await createTestApp(env(issuer));
    expect((await get(await issuer.mint())).status).toBe(200);
    issuer.setOutage('error');
    await sleep(COOLDOWN_MS);
    const stranger = await issuer.mint({}, { key: await issuer.unpublishedKey() });
    expect((await get(stranger)).status).toBe(401);
    expect(issuer.jwksFetches).toBe(2);
    expect((await get(await issuer.mint({ jti: 'fresh-during-outage' }))).status).toBe(200);
  });

  it('answers 503 with Retry-After when no key set was ever loaded (cold outage), then recovers', async () => {
    issuer.setOutage('drop');
    app = await createTestApp(env(issuer));
    const token = await issuer.mint();
    await waitFor(() => issuer.jwksFetches >= 1);
    const res = await get(token);
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    expect(res.headers['www-authenticate']).toBeUndefined();
    expect(res.body).toEqual({
      error: 'key_set_unavailable',
      message: 'Token verification is temporarily unavailable',
      requestId: expect.any(String),
    });
    issuer.setOutage('none');
    await sleep(COOLDOWN_MS + 50);
    expect((await get(token)).status).toBe(200);
  });

  it('serves the first request a second after a JWKS that was down at start comes back', async () => {
    // The default cooldown (tens of seconds): recovery must not wait for it, nor for a fixed 5 s.
    issuer.setOutage('error');
    app = await createTestApp(env(issuer, { AUTH_JWKS_COOLDOWN_MS: '60000' }));
    const token = await issuer.mint();
    await waitFor(() => issuer.jwksFetches >= 1);
    expect((await get(token)).status).toBe(503);
    issuer.setOutage('none');
    await sleep(1_000);
    expect((await get(token)).status).toBe(200);
    // Backing off, not hammering: a handful of fetches in that second, not one per request.
    expect(issuer.jwksFetches).toBeLessThanOrEqual(4);
  });

  it('bounds a fetch by AUTH_JWKS_TIMEOUT_MS when the JWKS hangs', async () => {
    issuer.setOutage('hang');
    app = await createTestApp(env(issuer));
    const started = Date.now();
    const res = await get(await issuer.mint());
    expect(res.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('refetches at most once per cooldown however many unknown kids arrive', async () => {
    app = await createTestApp(env(issuer, { AUTH_JWKS_COOLDOWN_MS: '60000' }));
    await waitFor(ready);
    await sleep(50);
    const stranger = await issuer.unpublishedKey();
    const tokens = await Promise.all(
      Array.from({ length: 150 }, (_, i) =>
        issuer.mint({ jti: `f${i}` }, { key: stranger, header: { kid: `unknown-${i}` } }),
      ),
    );
    const statuses = await Promise.all(tokens.map(async (t) => (await get(t)).status));
    expect(new Set(statuses)).toEqual(new Set([401]));
    for (const token of tokens.slice(0, 20)) expect((await get(token)).status).toBe(401);
    // The fetch at start opened a 60 s cooldown: the whole flood costs no fetch at all.
    expect(issuer.jwksFetches).toBe(1);
  });

  it('lets concurrent requests with a new kid wait for one shared refetch', async () => {
    app = await createTestApp(env(issuer));
    await waitFor(ready);
    await sleep(COOLDOWN_MS + 50);
    await issuer.rotate();
    const tokens = await Promise.all(
      Array.from({ length: 30 }, (_, i) => issuer.mint({ jti: `c${i}` })),
    );
    const statuses = await Promise.all(tokens.map(async (t) => (await get(t)).status));
    expect(new Set(statuses)).toEqual(new Set([200]));
    expect(issuer.jwksFetches).toBe(2);
  });
});
