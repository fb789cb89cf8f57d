import { normalizeClaims, permissionsOf, principalKind, scopesOf } from './claims.normalizer';

const sorted = (set: ReadonlySet<string>) => [...set].sort();

describe('normalizeClaims', () => {
  it('builds a user principal from a Scalekit user token', () => {
    const principal = normalizeClaims(
      {
        sub: 'usr_1',
        sid: 'ses_1',
        client_id: 'skc_1',
        oid: 'org_1',
        exp: 100,
        roles: ['admin'],
        permissions: ['a:b'],
      },
      'bearer',
    );
    expect(principal).toMatchObject({
      kind: 'user',
      via: 'bearer',
      subject: 'usr_1',
      organizationId: 'org_1',
      clientId: 'skc_1',
      expiresAt: 100,
    });
    expect(sorted(principal.roles)).toEqual(['admin']);
    expect(sorted(principal.permissions)).toEqual(['a:b']);
    expect(principal.scopes.size).toBe(0);
    expect(Object.isFrozen(principal)).toBe(true);
  });

  it('leaves optional fields undefined when absent or malformed', () => {
    const principal = normalizeClaims(
      { sub: 'usr_1', exp: 1, oid: 7, client_id: '', roles: 'admin' },
      'session',
    );
    expect(principal).toMatchObject({
      via: 'session',
      organizationId: undefined,
      clientId: undefined,
    });
    expect(principal.roles.size).toBe(0);
  });
});

describe('principalKind', () => {
  it.each([
    ['m2morg_1', undefined, undefined, 'client'],
    ['m2morg_1', 'other', 'ses_1', 'client'],
    ['svc', 'svc', undefined, 'client'],
    ['svc', 'svc', 'ses_1', 'user'],
    ['usr_1', 'skc_1', undefined, 'user'],
    ['usr_1', undefined, undefined, 'user'],
  ])('sub=%s client_id=%s sid=%s -> %s', (sub, clientId, sid, kind) => {
    expect(principalKind(sub, clientId, sid)).toBe(kind);
  });
});

describe('scopesOf', () => {
  it('reads a space-separated scope and a scopes array, and merges both', () => {
    expect(sorted(scopesOf({ scope: 'a  b' }))).toEqual(['a', 'b']);
    expect(sorted(scopesOf({ scopes: ['c'] }))).toEqual(['c']);
    expect(sorted(scopesOf({ scope: 'a', scopes: ['c'] }))).toEqual(['a', 'c']);
    expect(scopesOf({}).size).toBe(0);
  });

  it.each([
    [{ scope: 1 }],
    [{ scope: ['a'] }],
    [{ scopes: 'a' }],
    [{ scopes: ['a', 2] }],
    [{ scopes: [''] }],
    [{ scope: 'a', scopes: null }],
  ])('yields no scope at all for malformed %j', (claims) => {
    expect(scopesOf(claims).size).toBe(0);
  });
});

describe('permissionsOf', () => {
  it('takes the first permission claim present', () => {
    expect(
      sorted(
        permissionsOf({ 'scalekit:permissions': ['c'], 'https://scalekit.com/permissions': ['b'] }),
      ),
    ).toEqual(['b']);
    expect(sorted(permissionsOf({ 'scalekit:permissions': ['c'] }))).toEqual(['c']);
    expect(permissionsOf({ permissions: [], 'scalekit:permissions': ['c'] }).size).toBe(0);
  });

  it('yields none when the first present claim is malformed, never falling through', () => {
    expect(permissionsOf({ permissions: 'a', 'scalekit:permissions': ['c'] }).size).toBe(0);
    expect(permissionsOf({ permissions: [{}] }).size).toBe(0);
  });

  it('never reads scopes as permissions', () => {
    expect(permissionsOf({ scope: 'a', scopes: ['a'] }).size).toBe(0);
  });
});
