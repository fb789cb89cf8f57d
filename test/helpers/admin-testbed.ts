import request from 'supertest';
import { createAdminTestApp, AdminTestApp } from './admin/admin-test-app';
import { CapturingAuditLogger } from './admin/capturing-audit.logger';
import { FakeScalekitPort } from './admin/fake-scalekit.port';
import { appEnv, TestIssuer } from './test-issuer';

export const ADMIN_BASE = '/api/admin/organizations';

/** A valid registration body. */
export const CLIENT_BODY = {
  name: 'CI deployer',
  scopes: ['read:deployments'],
  audience: ['https://api.test'],
  customClaims: { env: 'prod' },
};

export interface AdminTestbed {
  /** `http://127.0.0.1:<port>` of the app (valid once `beforeAll` has run). */
  readonly url: string;
  readonly issuer: TestIssuer;
  /** The fake Scalekit port: what reached "upstream", and canned answers. */
  readonly port: FakeScalekitPort;
  readonly audit: CapturingAuditLogger;
  /** Authorization header of a user token of `oid` with these permissions. */
  user(permissions: string[], oid?: string): Promise<string>;
  /** Authorization header of an API-client (M2M) token of `oid` with these scopes. */
  client(scopes: string[], oid?: string): Promise<string>;
  /** A user allowed to read and write org_1's clients. */
  writer(): Promise<string>;
  /** How many calls reached the port so far. */
  upstreamCalls(): number;
  /** Registers {@link CLIENT_BODY} in org_1 and returns its ids. */
  created(): Promise<{ clientId: string; secretId: string }>;
}

/**
 * The admin API on a fake port, with a test issuer for tokens: booted before the file's tests and
 * closed after them. The fake lets tests count upstream calls and stage upstream answers.
 */
export function useAdminTestbed(): AdminTestbed {
  let issuer: TestIssuer | undefined;
  let app: AdminTestApp | undefined;
  const port = new FakeScalekitPort();
  const audit = new CapturingAuditLogger();

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    app = await createAdminTestApp(appEnv(issuer), { port, audit });
  });
  afterAll(async () => {
    await app?.close();
    await issuer?.close();
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the admin testbed is not started yet');
    return value;
  };
  const bed: AdminTestbed = {
    get url() {
      return started(app).url;
    },
    get issuer() {
      return started(issuer);
    },
    port,
    audit,
    user: (permissions, oid = 'org_1') =>
      bed.issuer.mint({ sub: 'usr_1', oid, permissions }).then((t) => `Bearer ${t}`),
    client: (scopes, oid = 'org_1') =>
      bed.issuer
        .mint({ sub: 'm2morg_9', client_id: 'm2morg_9', oid, scopes })
        .then((t) => `Bearer ${t}`),
    writer: () => bed.user(['api_clients:read', 'api_clients:write']),
    upstreamCalls: () => port.calls.length,
    async created() {
      const res = await request(bed.url)
        .post(`${ADMIN_BASE}/org_1/clients`)
        .set('authorization', await bed.writer())
        .send(CLIENT_BODY);
      expect(res.status).toBe(201);
      return { clientId: res.body.client.clientId, secretId: res.body.client.secrets[0].id };
    },
  };
  return bed;
}
