import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSeed } from './seed-loader';

describe('loadSeed', () => {
  it('loads the default seed with the users the contracts name', () => {
    const seed = loadSeed();
    const byEmail = new Map(seed.users.map((u) => [u.email, u]));
    expect(byEmail.get('admin@acme.test')?.permissions).toEqual([
      'organization:settings',
      'api_clients:read',
      'api_clients:write',
    ]);
    expect(byEmail.get('member@acme.test')?.permissions).toEqual([]);
    expect(byEmail.get('admin@globex.test')?.organizationName).toBe('Globex');
    expect(seed.appClientId).toMatch(/^skc_\d+$/);
    for (const user of seed.users) expect(user.id).toMatch(/^usr_\d+$/);
  });

  it('refuses unknown organizations, undefined roles and malformed ids', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'seed-')), 'seed.json');
    writeFileSync(
      file,
      JSON.stringify({
        appClient: { id: 'app' },
        organizations: [{ id: 'org_1', name: 'A', roles: [] }],
        users: [
          {
            id: 'usr_1',
            email: 'a@a.test',
            givenName: 'A',
            familyName: 'B',
            organizationId: 'org_2',
            roles: ['x'],
          },
        ],
      }),
    );
    expect(() => loadSeed(file)).toThrow(/appClient\.id[\s\S]*unknown organization/);
  });
});
