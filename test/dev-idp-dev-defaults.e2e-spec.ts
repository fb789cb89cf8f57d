import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasScalekitVariables } from '../src/config/scalekit.config';
import type { DevIdpLogger } from '../src/dev-idp/dev-idp';
import { startEmbeddedDevIdp } from '../src/dev-idp/embedded-dev-idp';
import { ScalekitNotConfiguredPort } from '../src/scalekit/scalekit-not-configured.port';
import { ScalekitSdkService } from '../src/scalekit/scalekit-sdk.service';
import { ScalekitPort } from '../src/scalekit/scalekit.port';
import { createTestApp } from './helpers/test-app';

async function readyStatus(url: string): Promise<number> {
  let status = 0;
  for (let attempt = 0; attempt < 40 && status !== 200; attempt += 1) {
    status = (await fetch(`${url}/health/ready`)).status;
    if (status !== 200) await new Promise((r) => setTimeout(r, 50));
  }
  return status;
}

const silent: DevIdpLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

describe('dev defaults (npm start without SCALEKIT_*)', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'dev-idp-defaults-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts the stand-in, fills unset variables and boots the app against it', async () => {
    const env = {
      DEV_IDP_PORT: '0',
      DEV_IDP_DATA_DIR: dataDir,
      PUBLIC_BASE_URL: 'http://127.0.0.1:3999',
    };
    expect(hasScalekitVariables(env)).toBe(false);
    const embedded = await startEmbeddedDevIdp(env, silent);
    if (!embedded) throw new Error('expected the stand-in');
    try {
      const { handle } = embedded;
      expect(embedded.env).toMatchObject({
        SCALEKIT_ENVIRONMENT_URL: handle.url,
        SCALEKIT_CLIENT_ID: handle.appClient.clientId,
        SCALEKIT_CLIENT_SECRET: handle.appClient.clientSecret,
        AUTH_AUDIENCE: `${handle.appClient.clientId},http://127.0.0.1:3999`,
      });
      // The app's default redirect URI is registered with the stand-in.
      const page = await fetch(
        `${handle.url}/oauth/authorize?response_type=code&scope=openid&client_id=${handle.appClient.clientId}&redirect_uri=${encodeURIComponent('http://127.0.0.1:3999/auth/callback')}`,
      );
      expect(page.status).toBe(200);
      const app = await createTestApp(embedded.env);
      try {
        // Readiness waits for the key set, which the app fetches from the stand-in in the background.
        expect(await readyStatus(app.url)).toBe(200);
        expect(app.app.get(ScalekitPort)).toBeInstanceOf(ScalekitSdkService);
      } finally {
        await app.close();
      }
    } finally {
      await embedded.handle.stop();
    }
  });

  it('lets set variables win over the stand-in’s values', async () => {
    const embedded = await startEmbeddedDevIdp(
      { DEV_IDP_PORT: '0', DEV_IDP_DATA_DIR: dataDir, AUTH_AUDIENCE: 'mine' },
      silent,
    );
    try {
      expect(embedded?.env.AUTH_AUDIENCE).toBe('mine');
    } finally {
      await embedded?.handle.stop();
    }
  });

  it('does not start when DEV_IDP_EMBEDDED=false', async () => {
    expect(
      await startEmbeddedDevIdp({ DEV_IDP_EMBEDDED: 'false', DEV_IDP_DATA_DIR: dataDir }, silent),
    ).toBeUndefined();
  });
});

describe('production without Scalekit configuration', () => {
  it('runs as a resource server with a not-configured Scalekit port', async () => {
    const app = await createTestApp({
      NODE_ENV: 'production',
      AUTH_ISSUER: 'https://issuer.example',
      AUTH_AUDIENCE: 'api',
    });
    try {
      expect(app.config.scalekit).toBeUndefined();
      expect(app.app.get(ScalekitPort)).toBeInstanceOf(ScalekitNotConfiguredPort);
    } finally {
      await app.close();
    }
  });
});
