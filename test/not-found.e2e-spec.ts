import request from 'supertest';
import { createTestApp, type TestApp } from './helpers/test-app';
import { appEnv, TestIssuer } from './helpers/test-issuer';

/** What Chromium sends when it follows a link. */
const BROWSER_ACCEPT =
  'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

describe('unknown paths (e2e)', () => {
  let issuer: TestIssuer;
  let app: TestApp;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    app = await createTestApp(appEnv(issuer));
  });
  afterAll(async () => {
    await app?.close();
    await issuer?.close();
  });

  it('a browser navigating to one gets a page, with the headers every answer carries', async () => {
    const res = await request(app.url).get('/no/such/page').set('Accept', BROWSER_ACCEPT);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('Page not found');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toBeDefined();
    expect(res.headers['x-request-id']).toBeDefined();
  });

  it('does not reflect the path into the page', async () => {
    const res = await request(app.url)
      .get('/%3Cscript%3Ealert(1)%3C%2Fscript%3E')
      .set('Accept', BROWSER_ACCEPT);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('<script>alert(1)');
  });

  it.each([
    ['no Accept (SDKs, supertest)', {}],
    ['*/* (curl)', { Accept: '*/*' }],
    ['application/json', { Accept: 'application/json' }],
    ['a script (fetch)', { Accept: BROWSER_ACCEPT, 'Sec-Fetch-Dest': 'empty' }],
    ['XMLHttpRequest', { Accept: BROWSER_ACCEPT, 'X-Requested-With': 'XMLHttpRequest' }],
  ])('%s gets the JSON 404', async (_who, headers: Record<string, string>) => {
    const res = await request(app.url).get('/no/such/page').set(headers);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({ error: 'not_found', requestId: expect.any(String) });
  });
});
