import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { Principal } from '@scalekit-nest/auth';
import type { LockTiming } from '../locks/locks';
import { MemoryLocks } from '../locks/memory-locks';
import { ScalekitUnavailableError } from '../scalekit/scalekit.errors';
import { ScopeGrantPolicy } from './access/scope-grant.policy';
import { AdminClientsService } from './admin-clients.service';
import { AdminHttpError } from './errors/admin-http.error';
import { IdempotencyService } from './idempotency/idempotency.service';
import { MemoryIdempotencyStore } from './idempotency/memory-idempotency.store';
import { ResponseSealer } from './idempotency/response-sealer';
import { ClientSecretsLock } from './secrets/client-secrets.lock';
import { FakeScalekitPort } from '../../test/helpers/admin/fake-scalekit.port';

const actor = { kind: 'user', subject: 'usr_1', permissions: new Set() } as unknown as Principal;
const codeOf = (error: unknown) =>
  error instanceof AdminHttpError ? [error.getStatus(), error.code] : error;

function setup(
  locks = new MemoryLocks(),
  lockTiming: LockTiming = { ttlMs: 5_000, waitMs: 5_000 },
) {
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
  const grants = new ScopeGrantPolicy(new Set(['a:b', 'c:d']));
  const lock = new ClientSecretsLock(locks, lockTiming);
  return { port, service: new AdminClientsService(idempotency, port, grants, lock) };
}

async function clientWithTwoSecrets(service: AdminClientsService) {
  const { client } = (
    await service.create(actor, 'org_1', { name: 'n', scopes: ['a:b'] }, undefined)
  ).value;
  const second = await service.addSecret(actor, 'org_1', client.clientId, undefined);
  return {
    clientId: client.clientId,
    secretIds: [client.secrets[0]?.id ?? '', second.value.secret.id],
  };
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

    // Each removal reads two active secrets unless the other one's removal is already done.
    it('of the last two secrets removed at once, exactly one goes (the other is 409)', async () => {
      const { service, port } = setup();
      port.delayMs = 20;
      for (let i = 0; i < 10; i++) {
        const { clientId, secretIds } = await clientWithTwoSecrets(service);
        const outcomes = await Promise.all(
          secretIds.map((id) =>
            service.removeSecret('org_1', clientId, id, false).then(() => 'removed', codeOf),
          ),
        );
        expect(outcomes.sort()).toEqual([[409, 'last_active_secret'], 'removed'].sort());
        expect((await service.get('org_1', clientId)).secrets).toHaveLength(1);
      }
    });

    it('a removal waiting longer than the deadline for the lock gets 409 secret_change_in_progress', async () => {
      const locks = new MemoryLocks();
      const { service, port } = setup(locks, { ttlMs: 5_000, waitMs: 50, pollMs: 10 });
      const { clientId, secretIds } = await clientWithTwoSecrets(service);
      const held = await locks.tryLock(`admin:secrets:org_1:${clientId}`, 5_000);
      await expect(
        service.removeSecret('org_1', clientId, secretIds[0] ?? '', false).catch(codeOf),
      ).resolves.toEqual([409, 'secret_change_in_progress']);
      expect(port.count('removeSecret')).toBe(0);
      await locks.unlock(`admin:secrets:org_1:${clientId}`, held ?? '');
      await service.removeSecret('org_1', clientId, secretIds[0] ?? '', false);
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

  describe('scopes given to a client', () => {
    it('refuses a scope outside the grantable set, on create and on update, before any upstream call', async () => {
      const { service, port } = setup();
      await expect(
        service
          .create(actor, 'org_1', { name: 'n', scopes: ['a:b', 'x:y'] }, 'key-00000001')
          .catch((e: AdminHttpError) => [e.getStatus(), e.getResponse()]),
      ).resolves.toEqual([
        400,
        expect.objectContaining({
          error: 'validation_failed',
          details: [{ field: 'scopes[1]', problem: expect.stringContaining('"x:y"') }],
        }),
      ]);
      expect(port.calls).toEqual([]);
      const { client } = (
        await service.create(actor, 'org_1', { name: 'n', scopes: ['a:b'] }, undefined)
      ).value;
      await expect(
        service.update(actor, 'org_1', client.clientId, { scopes: ['x:y'] }).catch(codeOf),
      ).resolves.toEqual([400, 'validation_failed']);
      expect(port.count('updateClient')).toBe(0);
      // A PATCH without scopes is not a grant.
      await service.update(actor, 'org_1', client.clientId, { name: 'renamed' });
      expect(port.count('updateClient')).toBe(1);
    });

    it('lets only a holder of api_clients:admin grant it', async () => {
      const { service, port } = setup();
      const body = { name: 'n', scopes: ['a:b', 'api_clients:admin'] };
      await expect(service.create(actor, 'org_1', body, undefined).catch(codeOf)).resolves.toEqual([
        403,
        'scope_not_grantable',
      ]);
      expect(port.calls).toEqual([]);
      const holder: Principal = { ...actor, permissions: new Set(['api_clients:admin']) };
      const created = await service.create(holder, 'org_1', body, undefined);
      expect(created.value.client.scopes).toEqual(['a:b', 'api_clients:admin']);
      await expect(
        service
          .update(actor, 'org_1', created.value.client.clientId, { scopes: body.scopes })
          .catch(codeOf),
      ).resolves.toEqual([403, 'scope_not_grantable']);
    });
  });
});
