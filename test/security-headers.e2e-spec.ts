import request from 'supertest';
import { createTestApp, TestApp } from './helpers/test-app';
import { appEnv, TestIssuer } from './helpers/test-issuer';

/** helmet's headers that only mean something for a document a browser renders. */
const DOCUMENT_ONLY = [
  'cross-origin-opener-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
];

const API_SET = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cross-origin-resource-policy': 'same-origin',
};

describe.each([
  ['development', {}],
  ['production', { NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://api.example.com' }],
])('security headers (%s)', (mode, env) => {
  let issuer: TestIssuer;
  let app: TestApp;
  const production = mode === 'production';

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    app = await createTestApp({ ...appEnv(issuer), ...env });
  });
  afterAll(async () => {
    await app?.close();
    await issuer?.close();
  });

  it.each([
    ['a public answer', '/api/status', 200],
    ['a refusal', '/api/deployments', 401],
    ['an unknown API path', '/api/no-such-thing', 404],
  ])('JSON API answers carry the API set (%s)', async (_what, path, status) => {
    const res = await request(app.url).get(path);
    expect(res.status).toBe(status);
    expect(res.headers).toMatchObject(API_SET);
    for (const name of DOCUMENT_ONLY) expect([name, res.headers[name]]).toEqual([name, undefined]);
    expect(res.headers['strict-transport-security'] !== undefined).toBe(production);
    expect(res.headers['x-request-id']).toBeDefined();
  });

  it("everything else carries helmet's full set, with the pages' CSP", async () => {
    for (const path of ['/', '/health/live', '/apixyz']) {
      const res = await request(app.url).get(path);
      expect(res.headers['content-security-policy']).toContain("form-action 'self'");
      expect(res.headers['referrer-policy']).toBe('same-origin');
      for (const name of DOCUMENT_ONLY)
        expect([path, name, res.headers[name]]).not.toEqual([path, name, undefined]);
      expect(res.headers['strict-transport-security'] !== undefined).toBe(production);
    }
  });
});
