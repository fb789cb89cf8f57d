import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Markup that must only ever appear escaped in the app's pages. */
export const HOSTILE = {
  givenName: '<script>alert("given")</script>',
  familyName: `O'Brien & "Co" <img src=x onerror=alert(1)>`,
  role: '<b onmouseover=alert(2)>boss</b>',
  permission: '"><script>alert(3)</script>',
} as const;

export const HOSTILE_EMAIL = 'hostile@acme.test';

/**
 * Writes a stand-in seed file into `dir` whose user, role and permission names are markup, to
 * check that every page escapes what comes from the IdP. Returns the file's path.
 */
export function writeHostileSeed(dir: string): string {
  const file = join(dir, 'hostile-seed.json');
  const seed = {
    appClient: { id: 'skc_70000000000000001', name: 'hostile seed' },
    organizations: [
      {
        id: 'org_10000000000000001',
        name: '<i>Acme</i>',
        roles: [{ name: HOSTILE.role, permissions: ['organization:settings', HOSTILE.permission] }],
      },
    ],
    users: [
      {
        id: 'usr_10000000000000099',
        email: HOSTILE_EMAIL,
        givenName: HOSTILE.givenName,
        familyName: HOSTILE.familyName,
        organizationId: 'org_10000000000000001',
        roles: [HOSTILE.role],
      },
    ],
  };
  writeFileSync(file, JSON.stringify(seed));
  return file;
}
