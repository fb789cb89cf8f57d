import { userFromClaims } from './user-profile';

describe('userFromClaims (name fallback)', () => {
  const base = { sub: 'usr_1', email: 'a@b.test', oid: 'org_1' };

  it('uses name, else given + family name, else the access token, else the email', () => {
    expect(userFromClaims({ ...base, name: 'Ada', given_name: 'X' }, {}).name).toBe('Ada');
    expect(userFromClaims({ ...base, given_name: 'Ada', family_name: 'Lovelace' }, {}).name).toBe(
      'Ada Lovelace',
    );
    expect(userFromClaims({ ...base, family_name: 'Lovelace' }, {}).name).toBe('Lovelace');
    expect(userFromClaims({ ...base, name: '  ' }, { name: 'From Token' }).name).toBe('From Token');
    expect(userFromClaims(base, {}).name).toBe('a@b.test');
    expect(userFromClaims({ sub: 'usr_1' }, {}).name).toBe('usr_1');
  });

  it('takes id, email and organization', () => {
    expect(userFromClaims(base, {})).toEqual({
      id: 'usr_1',
      email: 'a@b.test',
      name: 'a@b.test',
      organizationId: 'org_1',
    });
    expect(userFromClaims({ sub: 'usr_1' }, { oid: 'org_2', email: 'c@d.test' })).toMatchObject({
      organizationId: 'org_2',
      email: 'c@d.test',
    });
  });
});
