import { Code, createClient, type Client } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { ClientService } from '../src/scalekit/sdk-protos';
import { loginAtDevIdp, startTestDevIdp, type DevIdpHandle } from './helpers/dev-idp';

const ACME = 'org_10000000000000001';
const GLOBEX = 'org_20000000000000002';
const REDIRECT = 'http://127.0.0.1:3997/auth/callback';

/** Who may call the management API, and what one organization can see of another. */
describe('dev-idp gRPC ClientService: authentication, tenants and input', () => {
  let idp: DevIdpHandle;
  let admin: Client<typeof ClientService>;

  const tokenFor = async (params: Record<string, string>): Promise<Record<string, string>> => {
    const res = await fetch(`${idp.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    });
    return (await res.json()) as Record<string, string>;
  };
  const grpcWith = (token: string) =>
    createClient(
      ClientService,
      createGrpcTransport({
        baseUrl: idp.url,
        interceptors: [
          (next) => (req) => (req.header.set('authorization', `Bearer ${token}`), next(req)),
        ],
      }),
    );
  const code = (call: Promise<unknown>) =>
    call.then(
      () => 'OK',
      (error: { code: Code }) => Code[error.code],
    );

  beforeAll(async () => {
    idp = await startTestDevIdp({ appRedirectUris: [REDIRECT] });
    const { clientId, clientSecret } = idp.appClient;
    const token = await tokenFor({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    });
    admin = grpcWith(token.access_token ?? '');
  });
  afterAll(() => idp.stop());

  it('refuses user tokens, ID tokens and API-client tokens as admin tokens', async () => {
    const authorize = `${idp.url}/oauth/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id: idp.appClient.clientId,
      redirect_uri: REDIRECT,
      scope: 'openid',
    }).toString()}`;
    const userCode = new URL(await loginAtDevIdp(authorize, 'admin@acme.test')).searchParams.get(
      'code',
    );
    const user = await tokenFor({
      grant_type: 'authorization_code',
      code: userCode ?? '',
      redirect_uri: REDIRECT,
      client_id: idp.appClient.clientId,
      client_secret: idp.appClient.clientSecret,
    });
    // An API client whose audience is the issuer: its token has the admin token's `aud`.
    const created = await admin.createOrganizationClient({
      organizationId: ACME,
      client: { name: 'aud-is-issuer', audience: [idp.url] },
    });
    const m2m = await tokenFor({
      grant_type: 'client_credentials',
      client_id: created.client?.clientId ?? '',
      client_secret: created.plainSecret,
    });
    for (const token of [user.access_token, user.id_token, m2m.access_token]) {
      expect(token).toMatch(/^ey/);
      expect(
        await code(grpcWith(token ?? '').listOrganizationClients({ organizationId: GLOBEX })),
      ).toBe('Unauthenticated');
    }
  });

  it('answers NOT_FOUND for a client of one organization addressed under another', async () => {
    const created = await admin.createOrganizationClient({
      organizationId: ACME,
      client: { name: 'acme-only' },
    });
    const clientId = created.client?.clientId ?? '';
    const secretId = created.client?.secrets[0]?.id ?? '';
    const underGlobex = { organizationId: GLOBEX, clientId };
    expect(await code(admin.getOrganizationClient(underGlobex))).toBe('NotFound');
    expect(
      await code(admin.updateOrganizationClient({ ...underGlobex, client: { name: 'mine' } })),
    ).toBe('NotFound');
    expect(await code(admin.createOrganizationClientSecret(underGlobex))).toBe('NotFound');
    expect(await code(admin.deleteOrganizationClientSecret({ ...underGlobex, secretId }))).toBe(
      'NotFound',
    );
    expect(await code(admin.deleteOrganizationClient(underGlobex))).toBe('NotFound');
    const listed = await admin.listOrganizationClients({ organizationId: GLOBEX });
    expect(listed.clients.map((c) => c.clientId)).not.toContain(clientId);
    expect(
      (await admin.getOrganizationClient({ organizationId: ACME, clientId })).client?.name,
    ).toBe('acme-only');
  });

  it('refuses page tokens built by hand or issued for another organization', async () => {
    for (const name of ['p1', 'p2']) {
      await admin.createOrganizationClient({ organizationId: GLOBEX, client: { name } });
    }
    const first = await admin.listOrganizationClients({ organizationId: GLOBEX, pageSize: 1 });
    expect(first.nextPageToken).not.toBe('');
    const second = await admin.listOrganizationClients({
      organizationId: GLOBEX,
      pageSize: 1,
      pageToken: first.nextPageToken,
    });
    expect(second.clients).toHaveLength(1);
    const handMade = Buffer.from('o:0').toString('base64url');
    // The next page's token with its offset changed: the MAC no longer matches.
    const decoded = Buffer.from(first.nextPageToken, 'base64url').toString('latin1');
    const tampered = Buffer.from(decoded.replace(/^\d+/, '0')).toString('base64url');
    for (const [organizationId, pageToken] of [
      [ACME, first.nextPageToken],
      [GLOBEX, handMade],
      [GLOBEX, tampered],
    ] as const) {
      expect(await code(admin.listOrganizationClients({ organizationId, pageToken }))).toBe(
        'InvalidArgument',
      );
    }
  });

  it('answers INVALID_ARGUMENT, never INTERNAL, for claims and lists it will not store', async () => {
    const create = (client: Record<string, unknown>) =>
      code(
        admin.createOrganizationClient({ organizationId: ACME, client: { name: 'x', ...client } }),
      );
    for (const key of ['permissions', 'roles', 'sid', 'https://scalekit.com/permissions', 'OID']) {
      expect(await create({ customClaims: [{ key, value: 'admin' }] })).toBe('InvalidArgument');
    }
    expect(await create({ scopes: Array.from({ length: 51 }, (_, i) => `s${i}`) })).toBe(
      'InvalidArgument',
    );
    expect(await create({ audience: ['a'.repeat(2000)] })).toBe('InvalidArgument');
    expect(await create({ expiry: 2n ** 62n })).toBe('InvalidArgument');
    expect(await code(admin.listOrganizationClients({ organizationId: '' }))).toBe(
      'InvalidArgument',
    );
    expect(await code(admin.listOrganizationClients({ organizationId: 'org_1' }))).toBe('NotFound');
    expect(await create({ customClaims: [{ key: 'team', value: 'ops' }] })).toBe('OK');
  });
});
