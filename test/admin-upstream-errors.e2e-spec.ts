import type { LoggerService } from '@nestjs/common';
import * as fs from 'node:fs';
import request from 'supertest';
import { createAdminTestApp, AdminTestApp } from './helpers/admin/admin-test-app';
import { CapturingAuditLogger } from './helpers/admin/capturing-audit.logger';
import { FakeScalekitPort } from './helpers/admin/fake-scalekit.port';
import {
  ScalekitInvalidArgumentError,
  ScalekitNotConfiguredError,
  ScalekitNotFoundError,
  ScalekitTimeoutError,
  ScalekitUnauthenticatedError,
  ScalekitUnavailableError,
} from '../src/scalekit/scalekit.errors';
import { appEnv, TestIssuer } from './helpers/test-issuer';

const CLIENTS = '/api/admin/organizations/org_1/clients';

/** Collects every Nest log line with its level. */
class CapturingLogger implements LoggerService {
  readonly lines: { level: string; text: string }[] = [];
  private push(level: string, parts: unknown[]) {
    this.lines.push({
      level,
      text: parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' '),
    });
  }
  log(...p: unknown[]) {
    this.push('log', p);
  }
  error(...p: unknown[]) {
    this.push('error', p);
  }
  warn(...p: unknown[]) {
    this.push('warn', p);
  }
  debug(...p: unknown[]) {
    this.push('debug', p);
  }
  verbose(...p: unknown[]) {
    this.push('verbose', p);
  }
}

describe('admin API: upstream errors and secrets in logs (e2e, fake port)', () => {
  let issuer: TestIssuer;
  let app: AdminTestApp;
  const port = new FakeScalekitPort();
  const audit = new CapturingAuditLogger();
  const logger = new CapturingLogger();
  const rawOutput: string[] = [];
  let writeSpy: jest.SpyInstance;
  let stdoutSpy: jest.SpyInstance;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    // pino writes straight to file descriptors; capture those writes as well as Nest's logger.
    const realWriteSync = fs.writeSync;
    writeSpy = jest
      .spyOn(fs, 'writeSync')
      .mockImplementation((fd: number, data: unknown, ...rest: unknown[]) => {
        if (fd === 1 || fd === 2) {
          rawOutput.push(String(data));
          return typeof data === 'string' ? Buffer.byteLength(data) : 0;
        }
        return (realWriteSync as (...a: unknown[]) => number)(fd, data, ...rest);
      });
    stdoutSpy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      rawOutput.push(String(chunk));
      return true;
    });
    app = await createAdminTestApp(
      { ...appEnv(issuer), LOG_LEVEL: 'trace' },
      { port, audit, logger, logDestination: { write: (line: string) => rawOutput.push(line) } },
    );
  });
  afterAll(async () => {
    await app?.close();
    await issuer?.close();
    writeSpy?.mockRestore();
    stdoutSpy?.mockRestore();
  });

  const auth = () =>
    issuer
      .mint({ sub: 'usr_1', oid: 'org_1', permissions: ['api_clients:read', 'api_clients:write'] })
      .then((t) => `Bearer ${t}`);

  it.each([
    ['not found', 404, 'not_found', new ScalekitNotFoundError('no such client')],
    [
      'invalid argument',
      400,
      'rejected_by_identity_provider',
      new ScalekitInvalidArgumentError('bad scopes'),
    ],
    [
      'our credentials refused',
      502,
      'identity_provider_auth_failed',
      new ScalekitUnauthenticatedError('invalid_client'),
    ],
    [
      'unavailable',
      503,
      'identity_provider_unavailable',
      new ScalekitUnavailableError('ECONNREFUSED'),
    ],
    ['timeout', 504, 'identity_provider_timeout', new ScalekitTimeoutError('deadline exceeded')],
    [
      'not configured',
      503,
      'identity_provider_not_configured',
      new ScalekitNotConfiguredError('no SCALEKIT_*'),
    ],
  ] as const)(
    '%s -> %d %s, with no upstream text in the body',
    async (_name, status, code, error) => {
      port.failWith = error;
      const res = await request(app.url)
        .post(CLIENTS)
        .set('authorization', await auth())
        .send({ name: 'n', scopes: ['read:deployments'] });
      port.failWith = undefined;
      expect(res.status).toBe(status);
      expect(res.body).toEqual({
        error: code,
        message: expect.any(String),
        requestId: expect.any(String),
      });
      expect(res.text).not.toContain(error.message);
      expect(audit.events.at(-1)).toMatchObject({
        action: 'api_client.create',
        status,
        error: code,
      });
    },
  );

  it('logs our refused credentials loudly (error level)', () => {
    expect(logger.lines).toContainEqual({
      level: 'error',
      text: expect.stringContaining('Scalekit unauthenticated'),
    });
  });

  const lastSecretId = async (clientId: string): Promise<string> => {
    const res = await request(app.url)
      .get(`${CLIENTS}/${clientId}`)
      .set('authorization', await auth());
    return res.body.secrets[0].id as string;
  };

  it('plain secrets reach only the 201 bodies: never a log line, an audit event or an error', async () => {
    const created = await request(app.url)
      .post(CLIENTS)
      .set('authorization', await auth())
      .send({ name: 'n', scopes: ['read:deployments'] });
    const clientId = created.body.client.clientId;
    await request(app.url)
      .post(`${CLIENTS}/${clientId}/secrets`)
      .set('authorization', await auth())
      .set('idempotency-key', 'log-test-key-1');
    await request(app.url)
      .post(`${CLIENTS}/${clientId}/secrets`)
      .set('authorization', await auth())
      .set('idempotency-key', 'log-test-key-1');
    await request(app.url)
      .get(`${CLIENTS}/${clientId}`)
      .set('authorization', await auth());
    // Error paths too: a reused key (422), a refused removal (409), a list.
    const reused = await request(app.url)
      .post(CLIENTS)
      .set('authorization', await auth())
      .set('idempotency-key', 'log-test-key-1')
      .send({ name: 'n', scopes: ['read:deployments'] });
    expect(reused.status).toBe(422);
    const secretId = created.body.client.secrets[0].id as string;
    await request(app.url)
      .delete(`${CLIENTS}/${clientId}/secrets/${secretId}?force=true`)
      .set('authorization', await auth());
    const lastId = await lastSecretId(clientId);
    const refused = await request(app.url)
      .delete(`${CLIENTS}/${clientId}/secrets/${lastId}`)
      .set('authorization', await auth());
    expect(refused.status).toBe(409);
    await request(app.url)
      .get(`${CLIENTS}?pageSize=100`)
      .set('authorization', await auth());
    await app.close();
    expect(port.issuedSecrets.length).toBeGreaterThanOrEqual(2);
    const everything = [
      ...rawOutput,
      ...logger.lines.map((l) => l.text),
      JSON.stringify(audit.events),
    ].join('\n');
    // The capture really saw the access log (so the check below means something).
    expect(rawOutput.join('')).toContain(`${CLIENTS}/${clientId}/secrets`);
    for (const secret of port.issuedSecrets) expect(everything).not.toContain(secret);
  });
});
