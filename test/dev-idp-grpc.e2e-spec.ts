import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Code, ConnectError, createClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { ScalekitClient } from '@scalekit-sdk/node';
import { ClientService } from '../src/scalekit/sdk-protos';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { startTestDevIdp, type DevIdpHandle } from './helpers/dev-idp';

const ACME = 'org_10000000000000001';

async function m2mToken(
  idp: DevIdpHandle,
  clientId: string,
  clientSecret: string,
): Promise<string> {
  const res = await fetch(`${idp.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    }).toString(),
  });
  return String(((await res.json()) as { access_token?: string }).access_token);
}

describe('dev-idp gRPC ClientService', () => {
  it('answers UNAUTHENTICATED without a token and with a non-admin token', async () => {
    const idp = await startTestDevIdp();
    try {
      const sdk = new ScalekitClient(idp.url, idp.appClient.clientId, idp.appClient.clientSecret);
      const created = await sdk.m2m.createOrganizationClient(ACME, { name: 'x', scopes: ['a'] });
      const clientToken = await m2mToken(idp, created.client?.clientId ?? '', created.plainSecret);
      for (const header of [undefined, `Bearer ${clientToken}`, 'Bearer garbage']) {
        const transport = createGrpcTransport({
          baseUrl: idp.url,
          interceptors: [
            (next) => (req) => (header && req.header.set('authorization', header), next(req)),
          ],
        });
        const call = createClient(ClientService, transport).listOrganizationClients({
          organizationId: ACME,
        });
        await expect(call).rejects.toMatchObject({ code: Code.Unauthenticated });
        await expect(call).rejects.toBeInstanceOf(ConnectError);
      }
      const other = createClient(ClientService, createGrpcTransport({ baseUrl: idp.url }));
      await expect(other.listClient({})).rejects.toMatchObject({ code: Code.Unauthenticated });
    } finally {
      await idp.stop();
    }
  });

  it('keeps clients, hashed secrets, the app secret and the signing key across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dev-idp-restart-'));
    try {
      const first = await startTestDevIdp({ dataDir });
      const sdk = new ScalekitClient(
        first.url,
        first.appClient.clientId,
        first.appClient.clientSecret,
      );
      const created = await sdk.m2m.createOrganizationClient(ACME, {
        name: 'persisted',
        scopes: ['a'],
        audience: ['http://api.test'],
      });
      const clientId = created.client?.clientId ?? '';
      const tokenBefore = await m2mToken(first, clientId, created.plainSecret);
      await first.stop();

      const stored = readFileSync(join(dataDir, 'clients.json'), 'utf8');
      expect(stored).toContain(clientId);
      expect(stored).not.toContain(created.plainSecret);

      const second = await startTestDevIdp({ dataDir });
      try {
        expect(second.appClient).toEqual(first.appClient);
        const again = new ScalekitClient(
          second.url,
          second.appClient.clientId,
          second.appClient.clientSecret,
        );
        expect((await again.m2m.getOrganizationClient(ACME, clientId)).client?.name).toBe(
          'persisted',
        );
        expect(await m2mToken(second, clientId, created.plainSecret)).toMatch(/^ey/);
        const verified = await jwtVerify(
          tokenBefore,
          createRemoteJWKSet(new URL(`${second.url}/keys`)),
          { audience: 'http://api.test' },
        );
        expect(verified.payload.sub).toBe(clientId);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
