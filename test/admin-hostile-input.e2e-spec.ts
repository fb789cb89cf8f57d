import request from 'supertest';
import { createAdminTestApp, AdminTestApp } from './helpers/admin/admin-test-app';
import { FakeScalekitPort } from './helpers/admin/fake-scalekit.port';
import { appEnv, TestIssuer } from './helpers/test-issuer';

const CLIENTS = '/api/admin/organizations/org_1/clients';
const ONE = `${CLIENTS}/m2morg_1`;
const VALID = JSON.stringify({ name: 'n', scopes: ['read:deployments'] });

type Method = 'get' | 'post' | 'patch' | 'delete';

/** One hostile request: what is sent, and the 4xx (and error code) it must get. */
interface Case {
  readonly name: string;
  readonly method: Method;
  readonly path: string;
  readonly body?: string;
  readonly headers?: Record<string, string>;
  readonly status: number;
  readonly error?: string;
  /** The field a 400 `validation_failed` must name. */
  readonly field?: string;
}

const post = (name: string, body: string, expected: Omit<Case, 'name' | 'method' | 'path'>) => ({
  name,
  method: 'post' as const,
  path: CLIENTS,
  body,
  ...expected,
});
const invalid = (field: string) => ({ status: 400, error: 'validation_failed', field });

const CASES: Case[] = [
  // Malformed or non-object JSON.
  post('truncated JSON', '{"name":', { status: 400 }),
  post('JSON null', 'null', { status: 400 }),
  post('JSON string', '"x"', { status: 400 }),
  post('JSON number', '1', { status: 400 }),
  post('an array instead of the object', '[]', invalid('(body)')),
  post('the object wrapped in an array', `[${VALID}]`, invalid('(body)')),
  {
    name: 'an array as PATCH body',
    method: 'patch',
    path: ONE,
    body: '[{"name":"x"}]',
    ...invalid('(body)'),
  },
  {
    name: 'an array as secrets body',
    method: 'post',
    path: `${ONE}/secrets`,
    body: '[]',
    ...invalid('(body)'),
  },
  post('scopes as an object', '{"name":"n","scopes":{"0":"read:deployments"}}', invalid('scopes')),
  post('name as an array', '{"name":["n"],"scopes":["read:deployments"]}', invalid('name')),
  post(
    'customClaims as an array',
    '{"name":"n","scopes":["read:deployments"],"customClaims":["x"]}',
    {
      ...invalid('customClaims'),
    },
  ),
  post(
    'a nested claim value',
    '{"name":"n","scopes":["read:deployments"],"customClaims":{"x":{"y":1}}}',
    {
      ...invalid('customClaims.x'),
    },
  ),
  post('nested 5000 levels deep', '['.repeat(5000) + ']'.repeat(5000), {
    status: 400,
    error: 'body_too_deep',
  }),
  // Prototype keys.
  post(
    '__proto__ at the top',
    '{"name":"n","scopes":["read:deployments"],"__proto__":{"polluted":1}}',
    {
      ...invalid('__proto__'),
    },
  ),
  post(
    'constructor at the top',
    '{"name":"n","scopes":["read:deployments"],"constructor":{"prototype":{}}}',
    {
      ...invalid('constructor'),
    },
  ),
  post(
    '__proto__ as a claim name',
    '{"name":"n","scopes":["read:deployments"],"customClaims":{"__proto__":"x"}}',
    {
      ...invalid('customClaims.__proto__'),
    },
  ),
  post(
    '__proto__ claim with an object value',
    '{"name":"n","scopes":["read:deployments"],"customClaims":{"__proto__":{"polluted":"x"}}}',
    invalid('customClaims.__proto__'),
  ),
  // Unicode that would not survive the trip to Scalekit or would spoof logs and UIs.
  post(
    'a lone surrogate in name',
    '{"name":"\\ud800","scopes":["read:deployments"]}',
    invalid('name'),
  ),
  post(
    'a lone surrogate in a claim',
    '{"name":"n","scopes":["read:deployments"],"customClaims":{"a":"\\udc00"}}',
    {
      ...invalid('customClaims.a'),
    },
  ),
  post(
    'a bidi override in name',
    JSON.stringify({ name: 'a\u202ebc', scopes: ['read:deployments'] }),
    {
      ...invalid('name'),
    },
  ),
  post(
    'a C1 control (NEL) in name',
    JSON.stringify({ name: 'a\u0085b', scopes: ['read:deployments'] }),
    {
      ...invalid('name'),
    },
  ),
  post(
    'a NUL in name',
    JSON.stringify({ name: 'a\u0000b', scopes: ['read:deployments'] }),
    invalid('name'),
  ),
  post('a non-ASCII scope', JSON.stringify({ name: 'n', scopes: ['réad:x'] }), {
    ...invalid('scopes[0]'),
  }),
  post(
    'a javascript: audience',
    JSON.stringify({ name: 'n', scopes: ['read:deployments'], audience: ['javascript:alert(1)'] }),
    {
      ...invalid('audience[0]'),
    },
  ),
  // Wrong content types and encodings.
  post('text/plain', VALID, { headers: { 'content-type': 'text/plain' }, status: 415 }),
  post('a +json vendor type', VALID, {
    headers: { 'content-type': 'application/vnd.acme+json' },
    status: 415,
    error: 'unsupported_media_type',
  }),
  post('multipart', VALID, {
    headers: { 'content-type': 'multipart/form-data; boundary=x' },
    status: 415,
  }),
  post('an unsupported charset', VALID, {
    headers: { 'content-type': 'application/json; charset=iso-8859-1' },
    status: 415,
  }),
  // RFC 7694: a content coding the server does not apply is 415 (none is applied here).
  post('gzip that is not gzip', VALID, {
    headers: { 'content-encoding': 'gzip' },
    status: 415,
    error: 'unsupported_media_type',
  }),
  post('an unknown content encoding', VALID, {
    headers: { 'content-encoding': 'identity, foo' },
    status: 415,
  }),
  // Huge bodies: above the admin limit, and above the app-wide parser limit.
  post(
    '20 kB',
    JSON.stringify({ name: 'n', scopes: ['read:deployments'], description: 'x'.repeat(20_000) }),
    {
      status: 413,
      error: 'payload_too_large',
    },
  ),
  post(
    '2 MB',
    JSON.stringify({ name: 'n', scopes: ['read:deployments'], description: 'x'.repeat(2_000_000) }),
    {
      status: 413,
    },
  ),
  // Very long path ids and percent-encoding junk.
  {
    name: 'a 5000-char org id',
    method: 'get',
    path: `/api/admin/organizations/org_${'a'.repeat(5000)}/clients`,
    ...invalid('organizationId'),
  },
  {
    name: 'a 5000-char client id',
    method: 'get',
    path: `${CLIENTS}/m2morg_${'1'.repeat(5000)}`,
    ...invalid('clientId'),
  },
  {
    name: 'a 5000-char secret id',
    method: 'delete',
    path: `${ONE}/secrets/sks_${'1'.repeat(5000)}`,
    ...invalid('secretId'),
  },
  {
    name: 'a 20000-char path',
    method: 'get',
    path: `/api/admin/organizations/org_${'a'.repeat(20_000)}/clients`,
    status: 431,
  },
  { name: '%ZZ', method: 'get', path: '/api/admin/organizations/%ZZ/clients', status: 400 },
  { name: 'a lone %', method: 'get', path: '/api/admin/organizations/org_1%/clients', status: 400 },
  {
    name: '%00',
    method: 'get',
    path: '/api/admin/organizations/org_1%00/clients',
    ...invalid('organizationId'),
  },
  {
    name: 'an encoded slash',
    method: 'get',
    path: '/api/admin/organizations/org_1%2F..%2Forg_2/clients',
    ...invalid('organizationId'),
  },
  {
    name: 'encoded dot-dot',
    method: 'patch',
    path: `${CLIENTS}/%2e%2e`,
    body: '{"name":"x"}',
    ...invalid('clientId'),
  },
  { name: 'overlong UTF-8', method: 'delete', path: `${ONE}/secrets/sks_%C0%AF`, status: 400 },
  {
    name: 'non-ASCII id',
    method: 'get',
    path: `${CLIENTS}/m2morg_${encodeURIComponent('１２')}`,
    ...invalid('clientId'),
  },
  // Query junk.
  { name: 'pageSize=%ZZ', method: 'get', path: `${CLIENTS}?pageSize=%ZZ`, ...invalid('pageSize') },
  {
    name: 'pageSize twice',
    method: 'get',
    path: `${CLIENTS}?pageSize=1&pageSize=2`,
    ...invalid('pageSize'),
  },
  { name: 'pageSize as an object', method: 'get', path: `${CLIENTS}?pageSize[a]=1`, status: 400 },
  { name: '__proto__ in the query', method: 'get', path: `${CLIENTS}?__proto__[x]=1`, status: 400 },
  {
    name: 'force twice',
    method: 'delete',
    path: `${ONE}/secrets/sks_1?force=true&force=true`,
    ...invalid('force'),
  },
  // Headers.
  post('a non-ASCII Idempotency-Key', VALID, {
    headers: { 'idempotency-key': 'k\u00e9y-k\u00e9y-k\u00e9y' },
    ...invalid('Idempotency-Key'),
  }),
];

describe('admin API: hostile input is a clear 4xx, never a 500 (e2e, fake port)', () => {
  let issuer: TestIssuer;
  let app: AdminTestApp;
  let auth: string;
  const port = new FakeScalekitPort();

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    app = await createAdminTestApp(appEnv(issuer), { port });
    // An admin of every organization: nothing here may be refused for lack of rights.
    const token = await issuer.mint({
      sub: 'usr_1',
      oid: 'org_1',
      permissions: ['api_clients:read', 'api_clients:write', 'api_clients:admin'],
    });
    auth = `Bearer ${token}`;
  });
  afterAll(async () => {
    await app?.close();
    await issuer?.close();
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    let req = request(app.url)[c.method](c.path).set('authorization', auth);
    if (c.body !== undefined) req = req.set('content-type', 'application/json');
    for (const [name, value] of Object.entries(c.headers ?? {})) req = req.set(name, value);
    const before = port.calls.length;
    const res = c.body === undefined ? await req : await req.send(c.body);
    expect([c.name, res.status]).toEqual([c.name, c.status]);
    expect(port.calls.length).toBe(before);
    if (c.status === 431) return; // refused by Node's HTTP parser: no body at all
    expect(res.body).toMatchObject({
      error: c.error ?? expect.any(String),
      message: expect.any(String),
      requestId: expect.any(String),
    });
    if (c.field)
      expect(res.body.details).toContainEqual({ field: c.field, problem: expect.any(String) });
    expect(res.text).not.toMatch(/\bat \w+ \(|node_modules|\.ts:\d+/);
  });

  it('no prototype was polluted by any of it', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('x');
  });

  it('accepts honest unicode, host-name audiences and a `constructor` claim as data', async () => {
    const res = await request(app.url)
      .post(CLIENTS)
      .set('authorization', auth)
      .send({
        name: 'Déploiement 🚀 日本',
        description: 'line one\nline two',
        scopes: ['read:deployments'],
        audience: ['https://bücher.example/api', 'api.example.com'],
        customClaims: { constructor: 'x', team: 'ünïcode' },
      });
    expect(res.status).toBe(201);
    expect(res.body.client).toMatchObject({
      name: 'Déploiement 🚀 日本',
      customClaims: { constructor: 'x', team: 'ünïcode' },
    });
  });
});
