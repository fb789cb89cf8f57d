import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { Principal } from '../auth';
import { ScalekitUnavailableError } from '../scalekit/scalekit.errors';
import { AdminClientsService } from './admin-clients.service';
import { AdminHttpError } from './errors/admin-http.error';
import { IdempotencyService } from './idempotency/idempotency.service';
import { MemoryIdempotencyStore } from './idempotency/memory-idempotency.store';
import { ResponseSealer } from './idempotency/response-sealer';
import { FakeScalekitPort } from './testing/fake-scalekit.port';

const actor = { kind: 'user', subject: 'usr_1' } as Principal;
const codeOf = (error: unknown) =>
  error instanceof AdminHttpError ? [error.getStatus(), error.code] : error;

function setup() {
  const port = new FakeScalekitPort();
  const idempotency = new IdempotencyService(
    new MemoryIdempotencyStore(100),
    new ResponseSealer(randomBytes(32)),
    {
      ttlMs: 60_000,
      pendingTtlMs: 5_000,
      waitMs: 1_000,
      pollMs: 10,
    },
  );
  return { port, service: new AdminClientsService(idempotency, port) };
}

describe('AdminClientsService', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it('creates a client and shows secrets as metadata only on reads', async () => {
    const { service } = setup();
    const created = await service.create(actor, 'org_1', { name: 'n', scopes: ['a:b'] }, undefined);
    expect(created.value.plainSecret).toMatch(/^plain-secret-/);
    const read = await service.get('org_1', created.value.client.clientId);
    expect(JSON.stringify(read)).not.toContain(created.value.plainSecret);
    expect(Object.keys(read.secrets[0] ?? {}).sort()).toEqual([
      'createdAt',
      'expiresAt',
      'id',
      'lastUsedAt',
      'status',
      'suffix',
    ]);
  });

  it('with an Idempotency-Key, a retry replays instead of creating again', async () => {
    const { service, port } = setup();
    const first = await service.create(
      actor,
      'org_1',
      { name: 'n', scopes: ['a:b'] },
      'retry-key-0001',
    );
    const second = await service.create(
      actor,
      'org_1',
      { name: 'n', scopes: ['a:b'] },
      'retry-key-0001',
    );
    expect(second).toEqual({ value: first.value, replayed: true });
    expect(port.count('createClient')).toBe(1);
    const secretA = await service.addSecret(
      actor,
      'org_1',
      first.value.client.clientId,
      'retry-key-0002',
    );
    const secretB = await service.addSecret(
      actor,
      'org_1',
      first.value.client.clientId,
      'retry-key-0002',
    );
    expect(secretB.value.plainSecret).toBe(secretA.value.plainSecret);
    expect(port.count('addSecret')).toBe(1);
  });

  describe('removeSecret', () => {
    it('needs force to remove the last active secret, and reads the client first', async () => {
      const { service, port } = setup();
      const { client } = (
        await service.create(actor, 'org_1', { name: 'n', scopes: ['a:b'] }, undefined)
      ).value;
      const only = client.secrets[0]?.id ?? '';
      await expect(
        service.removeSecret('org_1', client.clientId, only, false).catch(codeOf),
      ).resolves.toEqual([409, 'last_active_secret']);
      expect(port.count('removeSecret')).toBe(0);
      await service.removeSecret('org_1', client.clientId, only, true);
      expect(port.count('removeSecret')).toBe(1);
    });

    it('removes an old secret freely once a second one exists (rotation)', async () => {
      const { service } = setup();
      const { client } = (
        await service.create(actor, 'org_1', { name: 'n', scopes: ['a:b'] }, undefined)
      ).value;
      await service.addSecret(actor, 'org_1', client.clientId, undefined);
      await service.removeSecret('org_1', client.clientId, client.secrets[0]?.id ?? '', false);
      expect((await service.get('org_1', client.clientId)).secrets).toHaveLength(1);
    });

    it('answers 404 for a secret the client does not have, without removing anything', async () => {
      const { service, port } = setup();
      const { client } = (
        await service.create(actor, 'org_1', { name: 'n', scopes: ['a:b'] }, undefined)
      ).value;
      await expect(
        service.removeSecret('org_1', client.clientId, 'sks_404', true).catch(codeOf),
      ).resolves.toEqual([404, 'secret_not_found']);
      expect(port.count('removeSecret')).toBe(0);
    });
  });

  it('maps upstream errors and never lets a port error through', async () => {
    const { service, port } = setup();
    await expect(service.get('org_1', 'm2morg_404').catch(codeOf)).resolves.toEqual([
      404,
      'not_found',
    ]);
    port.failWith = new ScalekitUnavailableError('down');
    await expect(service.list('org_1', {}).catch(codeOf)).resolves.toEqual([
      503,
      'identity_provider_unavailable',
    ]);
  });
});
