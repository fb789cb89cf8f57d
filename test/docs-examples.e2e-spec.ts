import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { devIdpEnv, DevIdpHandle, startTestDevIdp } from './helpers/dev-idp';
import { freePort } from './helpers/free-port';
import { createTestApp, TestApp } from './helpers/test-app';

const run = promisify(execFile);

/**
 * The curl walk-through in docs/admin.md is what a newcomer copies first; it is run here as written
 * (only the app and stand-in addresses and the app client's secret are swapped for this test's), so
 * the document cannot drift from the API. The shell runs asynchronously: a synchronous exec would
 * block the event loop that serves the app it calls.
 */
describe('docs/admin.md walk-through', () => {
  let idp: DevIdpHandle;
  let app: TestApp;

  beforeAll(async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    idp = await startTestDevIdp({ appRedirectUris: [`${base}/auth/callback`] });
    app = await createTestApp({
      ...devIdpEnv(idp, base),
      PORT: String(port),
      ADMIN_AUDIT_LOG: 'off',
    });
  });

  afterAll(async () => {
    await app?.close();
    await idp?.stop();
  });

  it('runs every bash block in order, and each step does what the text says', async () => {
    const markdown = readFileSync(join(__dirname, '..', 'docs', 'admin.md'), 'utf8');
    const blocks = [...markdown.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks.length).toBeGreaterThanOrEqual(5);

    const script = blocks
      .join('\n')
      .replace(/^APP=.*$/m, `APP=${app.url}`)
      .replace(/^IDP=.*$/m, `IDP=${idp.url}`)
      .replace(/^CLIENT_SECRET_APP=.*$/m, `CLIENT_SECRET_APP=${idp.appClient.clientSecret}`);
    // Afterwards, the rotated-out secret and the deleted client must no longer get tokens.
    const checks = [
      'echo "M2M_ID=$M2M_ID"',
      'curl -s -o /dev/null -w "OLD_SECRET_TOKEN=%{http_code}\\n" "$IDP/oauth/token" -d grant_type=client_credentials -d "client_id=$M2M_ID" -d "client_secret=$M2M_SECRET"',
    ].join('\n');

    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', `${script}\n${checks}`], {
      timeout: 60_000,
    });

    expect(stdout).toContain('"deployments":[]'); // the M2M token was accepted on GET /api/deployments
    expect(stdout).toContain('"description":"Deploys from CI"'); // the PATCH took effect
    expect(stdout).toMatch(/"plainSecret":"[^"]+"/); // the new secret of the rotation
    expect(stdout).toMatch(/204\n204\n/); // secret removed, client deleted
    expect(stdout).toMatch(/^M2M_ID=m2morg_\d+$/m);
    expect(stdout).toMatch(/^OLD_SECRET_TOKEN=4\d\d$/m);
  });
});
