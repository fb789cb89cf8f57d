import request from 'supertest';
import { createTestApp, TestApp } from './helpers/test-app';
import { appEnv, TestIssuer } from './helpers/test-issuer';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it answers `status` (the key set loads in the background). */
async function until(url: string, status: number, timeoutMs = 5_000): Promise<request.Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await request(url).get('/health/ready');
    if (res.status === status || Date.now() > deadline) return res;
    await sleep(50);
  }
}

describe('health probes (e2e)', () => {
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

  const start = () =>
    createTestApp({
      ...appEnv(issuer),
      AUTH_JWKS_COOLDOWN_MS: '200',
      AUTH_JWKS_TIMEOUT_MS: '500',
    });

  it('GET /health/live is public and ok', async () => {
    app = await start();
    const res = await request(app.url).get('/health/live');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
  });

  it('GET /health/ready is up once the key set is loaded', async () => {
    app = await start();
    const res = await until(app.url, 200);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.details.jwks).toMatchObject({ status: 'up', keySet: 'ready', keys: 1 });
  });

  it('GET /health/ready answers 503 until a key set can be had, then recovers', async () => {
    issuer.setOutage('error');
    app = await start();
    await sleep(100);
    const down = await request(app.url).get('/health/ready');
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      error: 'not_ready',
      message: 'The service is not ready',
      requestId: expect.any(String),
    });
    expect(down.body.checks.jwks).toMatchObject({
      status: 'down',
      keySet: expect.stringMatching(/^(unavailable|loading)$/),
      keys: 0,
    });
    issuer.setOutage('none');
    // Each probe that finds the key set missing starts a fetch once the retry delay is over.
    expect((await until(app.url, 200)).status).toBe(200);
  });

  it('reports degraded, still ready, when a refresh fails but known keys remain', async () => {
    app = await start();
    await until(app.url, 200);
    issuer.setOutage('error');
    await sleep(250);
    const stranger = await issuer.mint({}, { key: await issuer.unpublishedKey() });
    await request(app.url).get('/api/me').set('authorization', `Bearer ${stranger}`);
    const res = await request(app.url).get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('degraded');
    expect(res.body.details.jwks).toMatchObject({ status: 'degraded', keySet: 'stale', keys: 1 });
  });
});
