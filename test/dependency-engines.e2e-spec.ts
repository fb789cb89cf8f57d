import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { minVersion, satisfies } from 'semver';

/**
 * `npm install` on the Node version the README names must print no engine warnings, and
 * `engines` must say the same version. NestJS 12's transitive dependencies drift to Node 22
 * faster than NestJS itself does, so this reads every package the lockfile installs: a
 * dependency bump that needs a newer Node fails here instead of in a newcomer's terminal.
 */
const root = join(__dirname, '..');
const readJson = (file: string): unknown => JSON.parse(readFileSync(join(root, file), 'utf8'));

interface LockedPackage {
  version?: string;
  engines?: { node?: string } | string[];
}

function readmeNodeVersion(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const named = /Node\.js (\d+\.\d+) or later/.exec(readme);
  if (!named) throw new Error('README.md no longer names the Node.js version it needs');
  return `${named[1]}.0`;
}

describe('dependency engines', () => {
  const version = readmeNodeVersion();

  it('package.json engines names the README version', () => {
    const { engines } = readJson('package.json') as { engines: { node: string } };
    expect(minVersion(engines.node)?.version).toBe(version);
  });

  it('every locked package runs on the README version and on this Node', () => {
    const lock = readJson('package-lock.json') as { packages: Record<string, LockedPackage> };
    const misfits = Object.entries(lock.packages).flatMap(([path, locked]) => {
      const range = Array.isArray(locked.engines) ? undefined : locked.engines?.node;
      if (!range) return [];
      const fits = [version, process.versions.node].every((v) => satisfies(v, range));
      return fits ? [] : [`${path}@${locked.version}: node ${range}`];
    });
    expect(misfits).toEqual([]);
  });
});
