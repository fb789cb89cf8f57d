import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PACKAGE_DIR = join(__dirname, '..');

/**
 * What a user gets from `npm pack`: the tarball installs into an empty app next to nothing but
 * the NestJS peers, and protects a route there (401, 403 with the scope, 200), testing kit
 * included. Anything the package forgot to ship or to declare fails here, not at a user's.
 */
describe('the packed @scalekit-nest/auth in a fresh NestJS 12 app', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'scalekit-nest-auth-pack-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('installs with only its peers and guards a route', async () => {
    // --ignore-scripts: `npm test` built dist/ already; rebuilding it here (prepack) would pull it
    // from under the examples' tests running beside this one.
    await run('npm', ['pack', '--ignore-scripts', '--pack-destination', dir, '--silent'], {
      cwd: PACKAGE_DIR,
    });
    const tarball = readdirSync(dir).find((name) => name.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    const tar = await run('tar', ['tzf', join(dir, tarball ?? '')]);
    const files = tar.stdout.trim().split('\n');
    expect(files).toEqual(
      expect.arrayContaining(['package/dist/index.js', 'package/dist/testing/index.d.ts']),
    );
    expect(files.filter((file) => /\.(spec\.)|\/src\//.test(file))).toEqual([]);

    const app = join(dir, 'app');
    await run('mkdir', [app]);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'fresh-app', private: true }));
    copyFileSync(join(__dirname, 'fresh-app', 'main.js'), join(app, 'main.js'));
    await run(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--silent',
        join(dir, tarball ?? ''),
        '@nestjs/common@12',
        '@nestjs/core@12',
        '@nestjs/platform-express@12',
        'reflect-metadata',
        'rxjs',
      ],
      { cwd: app },
    );
    const { stdout } = await run('node', ['main.js'], { cwd: app });
    expect(JSON.parse(stdout)).toEqual([
      200,
      401,
      'Bearer realm="api"',
      403,
      'Bearer realm="api", error="insufficient_scope", error_description="The access token lacks a required scope", scope="read:deployments"',
      200,
      '{"subject":"m2morg_100"}',
    ]);
  }, 180_000);
});
