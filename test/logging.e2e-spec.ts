import request from 'supertest';
import { createTestApp, TestApp } from './helpers/test-app';
import { appEnv, TestIssuer } from './helpers/test-issuer';

/** Log lines the app writes, parsed. pino accepts any object with `write(line)` as destination. */
class CapturedLog {
  readonly raw: string[] = [];
  write(line: string): void {
    this.raw.push(line);
  }
  lines(): Record<string, unknown>[] {
    return this.raw.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
  text(): string {
    return this.raw.join('');
  }
}

/** Resolves once the access line of a request is written (after its response). */
async function accessLineOf(log: CapturedLog, requestId: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 50; i++) {
    const line = log.lines().find((l) => l.reqId === requestId);
    if (line) return line;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no access log line for ${requestId}`);
}

describe('logs (e2e)', () => {
  let issuer: TestIssuer;
  let app: TestApp;
  const log = new CapturedLog();

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    app = await createTestApp(
      { ...appEnv(issuer), LOG_LEVEL: 'info', SERVICE_NAME: 'log-test' },
      { logDestination: log },
    );
  });
  afterAll(async () => {
    await app?.close();
    await issuer?.close();
  });

  it('writes one JSON access line per request, with the request id the response names', async () => {
    const res = await request(app.url).get('/api/status').set('user-agent', 'probe/1.0');
    const line = await accessLineOf(log, res.headers['x-request-id']);
    expect(line).toMatchObject({
      service: 'log-test',
      reqId: res.headers['x-request-id'],
      req: { method: 'GET', path: '/api/status', userAgent: 'probe/1.0' },
      res: { statusCode: 200 },
    });
  });

  it('keeps a plain caller-supplied request id and replaces one that could forge log lines', async () => {
    const kept = await request(app.url).get('/api/status').set('x-request-id', 'trace-42');
    expect(kept.headers['x-request-id']).toBe('trace-42');
    const replaced = await request(app.url)
      .get('/api/status')
      .set('x-request-id', 'x"}\t{"level":60');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f]{12}-[0-9a-z]+$/);
  });

  it('gives every request its own id, under one prefix per process', async () => {
    const ids = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const res = await request(app.url).get('/api/status');
        return res.headers['x-request-id'];
      }),
    );
    expect(new Set(ids).size).toBe(50);
    const prefix = ids[0]?.split('-')[0];
    expect(ids.every((id) => id.startsWith(`${prefix}-`))).toBe(true);
  });

  it('never writes a bearer token, a cookie, a CSRF token or an OAuth code', async () => {
    const token = await issuer.mint({ scopes: ['read:deployments'] });
    const ok = await request(app.url)
      .get('/api/deployments')
      .set('authorization', `Bearer ${token}`)
      .set('cookie', 'app_session=cookie-value-that-must-not-be-logged')
      .set('x-csrf-token', 'csrf-value-that-must-not-be-logged');
    expect(ok.status).toBe(200);
    const refused = await request(app.url)
      .get('/api/deployments')
      .set('authorization', `Bearer ${token}x`);
    expect(refused.status).toBe(401);
    const callback = await request(app.url).get(
      '/auth/callback?code=oauth-code-that-must-not-be-logged&state=state-value-not-logged',
    );

    for (const res of [ok, refused, callback]) await accessLineOf(log, res.headers['x-request-id']);
    const written = log.text();
    expect(written).toContain('/api/deployments'); // the lines are there...
    for (const secret of [
      token.split('.')[2], // ...but not the token, not even its signature
      'cookie-value-that-must-not-be-logged',
      'csrf-value-that-must-not-be-logged',
      'oauth-code-that-must-not-be-logged',
      'state-value-not-logged',
    ])
      expect(written).not.toContain(secret);
  });
});
