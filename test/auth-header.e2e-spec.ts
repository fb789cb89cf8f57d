import { request as httpRequest } from 'node:http';
import type { FastifyRequest } from 'fastify';
import request from 'supertest';
import {
  CredentialSource,
  CredentialSourceRegistry,
  InvalidTokenError,
  Principal,
} from '@scalekit-nest/auth';
import { createTestApp, TestApp } from './helpers/test-app';
import { appEnv, TestIssuer } from './helpers/test-issuer';

const BARE = 'Bearer realm="test-api"';
const MALFORMED =
  'Bearer realm="test-api", error="invalid_token", error_description="The Authorization header must carry exactly one Bearer token"';

/** A stand-in for the session module's source: authenticates requests carrying `x-test-session`. */
class HeaderSource implements CredentialSource {
  calls = 0;
  constructor(private readonly answer: (request: FastifyRequest) => Principal | null) {}
  authenticate(request: FastifyRequest): Promise<Principal | null> {
    this.calls++;
    return Promise.resolve(this.answer(request));
  }
}

const sessionPrincipal: Principal = {
  kind: 'user',
  via: 'session',
  subject: 'usr_session',
  organizationId: 'org_1',
  clientId: undefined,
  scopes: new Set(),
  permissions: new Set(),
  roles: new Set(),
  expiresAt: Math.floor(Date.now() / 1000) + 3600,
  claims: {},
};

describe('Authorization header handling (e2e)', () => {
  let issuer: TestIssuer;
  let app: TestApp;
  let token: string;
  const skipped = new HeaderSource(() => null);
  const session = new HeaderSource((req) => {
    const value = req.headers['x-test-session'];
    if (value === 'broken') throw new InvalidTokenError('stored token rejected');
    return value === 'ok' ? sessionPrincipal : null;
  });

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    app = await createTestApp({ ...appEnv(issuer), AUTH_REALM: 'test-api' });
    const registry = app.app.get(CredentialSourceRegistry);
    registry.register(skipped);
    registry.register(session);
    token = await issuer.mint();
  });
  afterAll(async () => {
    await app?.close();
    await issuer?.close();
  });

  const me = () => request(app.url).get('/api/me');

  it('answers a request without credentials with 401 and a bare challenge', async () => {
    const res = await me();
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe(BARE);
    expect(res.body).toEqual({
      error: 'missing_credentials',
      message: 'Authentication is required',
      requestId: res.headers['x-request-id'],
    });
  });

  it('treats another scheme as no credentials (no error code, RFC 6750 §3.1)', async () => {
    for (const value of ['Basic dXNlcjpwYXNz', '', 'Token abc', 'Bearertoken']) {
      const res = await me().set('authorization', value);
      expect([res.status, res.headers['www-authenticate']]).toEqual([401, BARE]);
    }
  });

  it('accepts the scheme name in any case (RFC 7235 §2.1)', async () => {
    for (const scheme of ['bearer', 'BEARER', 'BeArEr']) {
      expect((await me().set('authorization', `${scheme} ${token}`)).status).toBe(200);
    }
  });

  it('refuses more than one credential in the header', async () => {
    for (const value of [
      `Bearer ${token}, Bearer ${token}`,
      `Bearer ${token} ${token}`,
      'Bearer',
      'Bearer  ',
      `Bearer "${token}"`,
    ]) {
      const res = await me().set('authorization', value);
      expect([res.status, res.headers['www-authenticate']]).toEqual([401, MALFORMED]);
    }
  });

  it('refuses two Authorization headers, even when both are valid', async () => {
    const { status, challenge } = await new Promise<{ status?: number; challenge?: string }>(
      (resolve, reject) => {
        const req = httpRequest(`${app.url}/api/me`, {
          headers: ['authorization', `Bearer ${token}`, 'authorization', `Bearer ${token}`],
        });
        req.on('response', (res) => {
          res.resume();
          resolve({ status: res.statusCode, challenge: res.headers['www-authenticate'] });
        });
        req.on('error', reject);
        req.end();
      },
    );
    // Node 20.20's HTTP parser already answers 400 to a repeated Authorization header; the
    // guard's own check (unit-tested in bearer-credentials.spec.ts) covers servers that do not.
    expect([400, 401]).toContain(status);
    if (status === 401) expect(challenge).toBe(MALFORMED);
  });

  it('ignores a token in the query string or the form body', async () => {
    const query = await request(app.url).get(`/api/me?access_token=${token}`);
    expect([query.status, query.headers['www-authenticate']]).toEqual([401, BARE]);
    const form = await request(app.url)
      .post('/api/deployments')
      .type('form')
      .send({ access_token: token });
    expect([form.status, form.headers['www-authenticate']]).toEqual([401, BARE]);
  });

  describe('credential sources', () => {
    it('asks the registered sources in order when there is no Authorization header', async () => {
      const before = skipped.calls;
      const res = await me().set('x-test-session', 'ok');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ subject: 'usr_session', via: 'session' });
      expect(skipped.calls).toBe(before + 1);
    });

    it('never falls back to a source when an Authorization header is present', async () => {
      const before = session.calls;
      const res = await me().set('x-test-session', 'ok').set('authorization', 'Bearer not.a.token');
      expect(res.status).toBe(401);
      expect(session.calls).toBe(before);
    });

    it("renders a source's auth error like the guard's own", async () => {
      const res = await me().set('x-test-session', 'broken');
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe(
        'Bearer realm="test-api", error="invalid_token", error_description="The access token is invalid"',
      );
    });
  });
});
