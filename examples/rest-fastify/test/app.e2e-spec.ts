import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { TestIssuer, useTestIssuer } from '@scalekit-nest/auth/testing';
import { AppModule } from '../src/app.module';

const REALM = 'Bearer realm="api"';

describe('REST + Mercurius on Fastify, protected by @scalekit-nest/auth', () => {
  let issuer: TestIssuer;
  let app: NestFastifyApplication;
  let base: string;
  // What the app logs at ERROR: a refused call is the caller's fault and must log nothing there.
  const errors: unknown[] = [];
  const errorLog = {
    log: () => undefined,
    warn: () => undefined,
    error: (message: unknown) => void errors.push(message),
  };

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    // One line points the app's AuthModule at the test issuer. No cooldown between key-set
    // fetches for unknown kids here: the tests below rotate keys right after probing with an
    // unpublished one, which production's cooldown would (rightly) hold back for 30 s.
    const moduleRef = await useTestIssuer(
      Test.createTestingModule({ imports: [AppModule] }),
      issuer,
      { jwksCooldownMs: 0 },
    ).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
      logger: errorLog,
    });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });
  afterAll(async () => {
    expect(errors).toEqual([]);
    await app.close();
    await issuer.stop();
  });

  const get = (path: string, token?: string) =>
    fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const graphql = (query: string, token?: string) =>
    fetch(`${base}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query }),
    });

  describe('HTTP', () => {
    it('serves a @Public() route without a token', async () => {
      const res = await get('/status');
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok' });
    });

    it('401 with a bare challenge and a JSON body, without any filter of the app', async () => {
      const res = await get('/deployments');
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(REALM);
      expect(await res.json()).toMatchObject({ error: 'missing_credentials' });
    });

    it('401 invalid_token for a token of another issuer, an unpublished key, or an expired one', async () => {
      const foreign = await TestIssuer.start();
      try {
        for (const token of [
          await foreign.mintClient({ scopes: ['read:deployments'] }),
          await issuer.mintClient(
            { scopes: ['read:deployments'] },
            { key: await issuer.unpublishedKey() },
          ),
          await issuer.mintClient({ scopes: ['read:deployments'] }, { expiresIn: -60 }),
        ]) {
          const res = await get('/deployments', token);
          expect(res.status).toBe(401);
          expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
        }
      } finally {
        await foreign.stop();
      }
    });

    it('403 insufficient_scope naming the scope, then 200 with it', async () => {
      const weak = await issuer.mintClient({ scopes: ['other'] });
      const denied = await get('/deployments', weak);
      expect(denied.status).toBe(403);
      expect(denied.headers.get('www-authenticate')).toBe(
        `${REALM}, error="insufficient_scope", error_description="The access token lacks a required scope", scope="read:deployments"`,
      );
      expect(await denied.json()).toMatchObject({ error: 'insufficient_scope' });

      const token = await issuer.mintClient({
        scopes: ['read:deployments'],
        organizationId: 'org_7',
      });
      const ok = await get('/deployments', token);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ organization: 'org_7', items: ['api-2026-12-01'] });
    });

    it('a POST with a body gets the same rules', async () => {
      const token = await issuer.mintClient({ scopes: ['deploy:applications'] });
      const res = await fetch(`${base}/deployments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ version: 'v2' }),
      });
      expect(res.status).toBe(201);
      expect(await res.json()).toEqual({ deployed: 'v2' });
    });

    it('@OptionalAuth(): anonymous passes, a valid token is attached, a bad one is still 401', async () => {
      expect(await (await get('/catalog')).json()).toEqual({
        plans: ['free', 'team'],
        viewer: null,
      });
      const user = await issuer.mintUser({ sub: 'usr_9' });
      expect(await (await get('/catalog', user)).json()).toEqual({
        plans: ['free', 'team', 'enterprise'],
        viewer: 'usr_9',
      });
      const bad = await get('/catalog', `${user.slice(0, -4)}AAAA`);
      expect(bad.status).toBe(401);
      expect(bad.headers.get('www-authenticate')).toContain('error="invalid_token"');
    });

    it('keeps working across a key rotation (one fetch for the new kid)', async () => {
      const before = issuer.jwksFetches;
      await issuer.rotate();
      const res = await get(
        '/deployments',
        await issuer.mintClient({ scopes: ['read:deployments'] }),
      );
      expect(res.status).toBe(200);
      expect(issuer.jwksFetches).toBe(before + 1);
    });
  });

  describe('GraphQL (Mercurius)', () => {
    it('a @Public() query needs no token', async () => {
      const body = (await (await graphql('{ version }')).json()) as { data: unknown };
      expect(body.data).toEqual({ version: '1.0.0' });
    });

    it('UNAUTHENTICATED without a token, FORBIDDEN with the scope when one is missing', async () => {
      const anonymous = (await (await graphql('{ deployments { version } }')).json()) as {
        errors: { extensions: Record<string, unknown> }[];
      };
      expect(anonymous.errors[0]?.extensions).toMatchObject({
        code: 'UNAUTHENTICATED',
        error: 'missing_credentials',
      });
      const weak = await issuer.mintClient({ scopes: ['read:deployments'] });
      const forbidden = (await (
        await graphql('mutation { deploy(version: "v3") { version } }', weak)
      ).json()) as { errors: { extensions: Record<string, unknown> }[] };
      expect(forbidden.errors[0]?.extensions).toMatchObject({
        code: 'FORBIDDEN',
        scope: 'deploy:applications',
      });
    });

    it('queries and mutations pass with the right scopes and see the principal', async () => {
      const token = await issuer.mintClient({
        clientId: 'm2morg_42',
        scopes: ['read:deployments', 'deploy:applications'],
      });
      const query = (await (await graphql('{ deployments { requestedBy } }', token)).json()) as {
        errors?: unknown;
        data: unknown;
      };
      expect(query.errors).toBeUndefined();
      expect(query.data).toEqual({ deployments: [{ requestedBy: 'm2morg_42' }] });
      const mutation = (await (
        await graphql('mutation { deploy(version: "v3") { version requestedBy } }', token)
      ).json()) as { data: unknown };
      expect(mutation.data).toEqual({ deploy: { version: 'v3', requestedBy: 'm2morg_42' } });
    });
  });
});
