import { ROUTES } from '../src/dev-idp/http/http1-app';
import { startTestDevIdp, type DevIdpHandle } from './helpers/dev-idp';

const REDIRECT = 'http://127.0.0.1:3995/auth/callback';
const AFTER_LOGOUT = 'http://127.0.0.1:3995/';
/** Connection-specific headers (RFC 9110 section 7.6.1) and the clock may differ between two answers. */
const PER_CONNECTION = new Set(['date', 'connection', 'keep-alive']);

/** What must be equal between GET and HEAD: status and headers, cookie values aside (they are random). */
function shape(res: Response): { status: number; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (!PER_CONNECTION.has(name) && name !== 'set-cookie') headers[name] = value;
  });
  const cookies = res.headers.getSetCookie().map((c) => c.replace(/^([^=]*)=[^;]*/, '$1=*'));
  if (cookies.length > 0) headers['set-cookie'] = cookies.join(' | ');
  return { status: res.status, headers };
}

/** HEAD is GET without the body (RFC 9110 section 9.3.2), on every GET route of the stand-in. */
describe('dev-idp HEAD', () => {
  let idp: DevIdpHandle;
  const getPaths = Object.keys(ROUTES)
    .filter((route) => route.startsWith('GET '))
    .map((route) => route.slice('GET '.length));
  /** Each GET route without a query, and with the queries that reach its other answers. */
  const targets = (): string[] => {
    const authorize = (extra: Record<string, string>) =>
      `/oauth/authorize?${new URLSearchParams({
        client_id: idp.appClient.clientId,
        redirect_uri: REDIRECT,
        response_type: 'code',
        scope: 'openid',
        ...extra,
      }).toString()}`;
    return [
      ...getPaths,
      authorize({}),
      authorize({ response_type: 'token' }),
      `/oidc/logout?post_logout_redirect_uri=${encodeURIComponent(AFTER_LOGOUT)}`,
      '/no-such-route',
    ];
  };

  beforeAll(async () => {
    idp = await startTestDevIdp({
      appRedirectUris: [REDIRECT],
      appPostLogoutRedirectUris: [AFTER_LOGOUT],
    });
  });
  afterAll(() => idp.stop());

  it('has GET routes to check, the discovery document and the key set among them', () => {
    expect(getPaths).toEqual(
      expect.arrayContaining(['/.well-known/openid-configuration', '/keys', '/oauth/authorize']),
    );
  });

  it('answers HEAD on every GET route with the status and headers of GET and no body', async () => {
    const statuses = new Set<number>();
    for (const target of targets()) {
      const get = await fetch(`${idp.url}${target}`, { redirect: 'manual' });
      const getBody = await get.arrayBuffer();
      const head = await fetch(`${idp.url}${target}`, { method: 'HEAD', redirect: 'manual' });
      expect({ target, ...shape(head) }).toEqual({ target, ...shape(get) });
      expect(get.headers.get('content-length')).toBe(String(getBody.byteLength));
      expect((await head.arrayBuffer()).byteLength).toBe(0);
      statuses.add(get.status);
    }
    // The targets reach a page, a refusal, a redirect and an unknown route.
    expect([...statuses].sort()).toEqual([200, 302, 400, 404]);
  });
});
