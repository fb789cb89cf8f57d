import { toProblems } from '../errors/validation-problems';
import { CreateClientSchema } from './create-client.dto';
import { UpdateClientSchema } from './update-client.dto';

const valid = { name: 'CI deployer', scopes: ['read:deployments', 'deploy:applications'] };

async function problems(
  schema: typeof CreateClientSchema | typeof UpdateClientSchema,
  body: unknown,
) {
  const result = await schema['~standard'].validate(body);
  return result.issues ? toProblems(result.issues) : [];
}

describe('CreateClientSchema', () => {
  it('accepts a minimal and a full body', async () => {
    expect(await problems(CreateClientSchema, valid)).toEqual([]);
    const full = {
      ...valid,
      description: 'd',
      audience: ['https://api.example.com', 'deploy-api.acme.test'],
      customClaims: { environment: 'production', github_repository: 'acme/inventory' },
    };
    expect(await problems(CreateClientSchema, full)).toEqual([]);
  });

  it.each([
    [{ ...valid, name: '' }, 'name'],
    [{ ...valid, name: '   ' }, 'name'],
    [{ ...valid, name: 'x'.repeat(129) }, 'name'],
    [{ ...valid, name: 'a\nb' }, 'name'],
    [{ ...valid, description: 'x'.repeat(1025) }, 'description'],
    [{ ...valid, scopes: [] }, 'scopes'],
    [{ ...valid, scopes: 'read:deployments' }, 'scopes'],
    [{ ...valid, scopes: ['read:deployments', 'Read:Deployments'] }, 'scopes[1]'],
    [{ ...valid, scopes: ['read deployments'] }, 'scopes[0]'],
    [{ ...valid, scopes: ['deployments'] }, 'scopes[0]'],
    [{ ...valid, scopes: ['a:b', 'c:d', 'a:b'] }, 'scopes[2]'],
    [{ ...valid, scopes: Array.from({ length: 51 }, (_, i) => `r:a${i}`) }, 'scopes'],
    [{ ...valid, audience: ['not a host'] }, 'audience[0]'],
    [{ ...valid, audience: ['ftp://files.example.com'] }, 'audience[0]'],
    [{ ...valid, audience: ['https://user:pw@example.com'] }, 'audience[0]'],
    [{ ...valid, customClaims: { iss: 'x' } }, 'customClaims.iss'],
    [{ ...valid, customClaims: { OID: 'x' } }, 'customClaims.OID'],
    [{ ...valid, customClaims: { scopes: 'x' } }, 'customClaims.scopes'],
    [
      { ...valid, customClaims: { 'https://scalekit.com/permissions': 'x' } },
      'customClaims.https://scalekit.com/permissions',
    ],
    [{ ...valid, customClaims: { env: 1 } }, 'customClaims.env'],
    [{ ...valid, expiry: 59 }, 'expiry'],
    [{ ...valid, expiry: 86_401 }, 'expiry'],
    [{ ...valid, expiry: 3600.5 }, 'expiry'],
    [{ ...valid, expiry: '3600' }, 'expiry'],
    [{ ...valid, scope: 'typo' }, 'scope'],
  ])('refuses %j naming %s', async (body, field) => {
    const found = await problems(CreateClientSchema, body);
    expect(found.map((p) => p.field)).toContain(field);
    expect(found.every((p) => p.problem.length > 0)).toBe(true);
  });

  // The claims issue 5 names, each on its own: dropping one from the list must fail a test.
  it.each([
    'iss',
    'sub',
    'aud',
    'exp',
    'nbf',
    'iat',
    'jti',
    'oid',
    'client_id',
    'scope',
    'scopes',
    'permissions',
    'roles',
    'Roles',
    'azp',
    'sid',
    'scalekit:permissions',
    '__proto__',
  ])('refuses the reserved claim %s', async (claim) => {
    // JSON.parse, not a literal: only it makes `__proto__` an own key, as a request body does.
    const body: unknown = JSON.parse(
      JSON.stringify({ ...valid, customClaims: { fine: 'x' } }).replace('"fine"', `"${claim}"`),
    );
    const found = await problems(CreateClientSchema, body);
    expect(found).toEqual([{ field: `customClaims.${claim}`, problem: expect.any(String) }]);
  });

  it.each([
    ['a C1 control', 'a\u0085b'],
    ['a line separator', 'a\u2028b'],
    ['a bidi override', 'abc\u202egnp.exe'],
    ['a bidi isolate', 'a\u2066b'],
    ['a lone high surrogate', 'a\ud800'],
    ['a lone low surrogate', '\udc00a'],
  ])('refuses %s in name', async (_what, name) => {
    const found = await problems(CreateClientSchema, { ...valid, name });
    expect(found.map((p) => p.field)).toEqual(['name']);
  });

  it('accepts boundary values and honest unicode', async () => {
    const body = {
      name: `${'é'.repeat(127)}🚀`, // 128 characters (zod counts code points)
      description: 'x'.repeat(1024),
      scopes: Array.from({ length: 50 }, (_, i) => `res_${i}.v-1:act_${i}`),
      audience: ['api.example.com', 'https://bücher.example/path'],
      customClaims: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`c${i}`, '日本'])),
    };
    expect(await problems(CreateClientSchema, body)).toEqual([]);
    expect(await problems(CreateClientSchema, { ...body, name: `${body.name}x` })).toHaveLength(1);
  });

  it('names every problem at once, each unknown field separately', async () => {
    const found = await problems(CreateClientSchema, { name: '', scopes: ['x'], foo: 1, bar: 2 });
    expect(found.map((p) => p.field).sort()).toEqual(['bar', 'foo', 'name', 'scopes[0]']);
    expect(found.find((p) => p.field === 'foo')?.problem).toBe('unknown field');
  });

  it('takes expiry from 60 to 86400 seconds and names the bounds otherwise', async () => {
    for (const expiry of [60, 3600, 86_400])
      expect(await problems(CreateClientSchema, { ...valid, expiry })).toEqual([]);
    const [problem] = await problems(CreateClientSchema, { ...valid, expiry: 0 });
    expect(problem).toEqual({
      field: 'expiry',
      problem: 'must be a whole number of seconds from 60 to 86400',
    });
  });

  it('refuses a body that is not an object', async () => {
    for (const body of [undefined, null, [], 'x']) {
      expect((await problems(CreateClientSchema, body))[0]?.field).toBe('(body)');
    }
  });
});

describe('UpdateClientSchema', () => {
  it('accepts any one field', async () => {
    for (const body of [
      { name: 'n' },
      { description: 'd' },
      { scopes: ['a:b'] },
      { audience: ['api.test'] },
      { customClaims: { a: 'b' } },
    ]) {
      expect(await problems(UpdateClientSchema, body)).toEqual([]);
    }
  });

  it('refuses an empty change, unknown fields and fields that cannot be cleared', async () => {
    expect((await problems(UpdateClientSchema, {}))[0]?.problem).toMatch(/at least one field/);
    expect(
      (await problems(UpdateClientSchema, { clientId: 'm2morg_1' })).map((p) => p.field),
    ).toContain('clientId');
    for (const body of [{ description: '' }, { audience: [] }, { customClaims: {} }]) {
      expect((await problems(UpdateClientSchema, body))[0]?.problem).toMatch(/cannot be cleared/);
    }
    expect((await problems(UpdateClientSchema, { scopes: [] }))[0]?.field).toBe('scopes');
  });
});
