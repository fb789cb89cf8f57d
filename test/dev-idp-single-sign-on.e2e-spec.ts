import { decodeJwt } from 'jose';
import {
  loginAtDevIdp,
  signInAtDevIdp,
  startTestDevIdp,
  type DevIdpHandle,
  type DevIdpSignIn,
} from './helpers/dev-idp';

const REDIRECT = 'http://127.0.0.1:3996/auth/callback';

/** The stand-in's own session: single sign-on, `max_age`, `prompt` and `auth_time` (OIDC Core 3.1.2.1). */
describe('dev-idp single sign-on, max_age and prompt', () => {
  let idp: DevIdpHandle;

  const authorizeUrl = (extra: Record<string, string> = {}) =>
    `${idp.url}/oauth/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id: idp.appClient.clientId,
      redirect_uri: REDIRECT,
      scope: 'openid email',
      state: 'st',
      ...extra,
    }).toString()}`;
  /** A first sign-in of admin@acme.test in a fresh browser. */
  const signIn = async (): Promise<DevIdpSignIn & { sessionCookie: string }> => {
    const first = await signInAtDevIdp(authorizeUrl(), 'admin@acme.test');
    if (!first.sessionCookie) throw new Error('the sign-in set no devidp_session cookie');
    return { ...first, sessionCookie: first.sessionCookie };
  };
  /** Whether the stand-in shows its page (200) or redirects at once (302), for this browser. */
  const answer = async (extra: Record<string, string>, cookie: string) => {
    const res = await fetch(authorizeUrl(extra), { redirect: 'manual', headers: { cookie } });
    const location = res.headers.get('location');
    return { status: res.status, callback: location ? new URL(location) : undefined };
  };
  const authTimeOf = async (callback: string | URL): Promise<number> => {
    const res = await fetch(`${idp.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: new URL(callback).searchParams.get('code') ?? '',
        redirect_uri: REDIRECT,
        client_id: idp.appClient.clientId,
        client_secret: idp.appClient.clientSecret,
      }).toString(),
    });
    const body = (await res.json()) as { id_token: string };
    return Number(decodeJwt(body.id_token).auth_time);
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeAll(async () => {
    idp = await startTestDevIdp({ appRedirectUris: [REDIRECT] });
  });
  afterAll(() => idp.stop());

  it('answers a browser signed in within max_age at once, with the original auth_time', async () => {
    const first = await signIn();
    const authTime = await authTimeOf(first.location);
    await sleep(1100);
    const requests: Record<string, string>[] = [
      {},
      { max_age: '300' },
      { max_age: '300', prompt: 'none' },
    ];
    for (const extra of requests) {
      const again = await answer(extra, first.sessionCookie);
      expect(again.status).toBe(302);
      expect(again.callback?.searchParams.get('code')).toEqual(expect.any(String));
      expect(await authTimeOf(again.callback ?? '')).toBe(authTime);
    }
  });

  it('asks again once the sign-in is older than max_age, and the new sign-in has a new auth_time', async () => {
    const first = await signIn();
    // Within max_age=1 the session answers; two seconds later it is too old (auth_time is in seconds).
    expect((await answer({ max_age: '1' }, first.sessionCookie)).status).toBe(302);
    const authTime = await authTimeOf(first.location);
    await sleep(2100);
    expect((await answer({ max_age: '1' }, first.sessionCookie)).status).toBe(200);
    const silent = await answer({ max_age: '1', prompt: 'none' }, first.sessionCookie);
    expect(silent.callback?.searchParams.get('error')).toBe('login_required');
    expect((await answer({ max_age: '300' }, first.sessionCookie)).status).toBe(302);

    const second = await signInAtDevIdp(
      authorizeUrl({ max_age: '1' }),
      'admin@acme.test',
      first.sessionCookie,
    );
    expect(second.prompted).toBe(true);
    expect(await authTimeOf(second.location)).toBeGreaterThanOrEqual(authTime + 2);
  });

  it('always asks again for max_age=0 and prompt=login, even right after a sign-in', async () => {
    const first = await signIn();
    const interactive: Record<string, string>[] = [
      { max_age: '0' },
      { prompt: 'login' },
      { prompt: 'select_account' },
    ];
    for (const extra of interactive) {
      expect((await answer(extra, first.sessionCookie)).status).toBe(200);
    }
    const silent = await answer({ max_age: '0', prompt: 'none' }, first.sessionCookie);
    expect(silent.callback?.searchParams.get('error')).toBe('login_required');
    expect((await answer({}, first.sessionCookie)).status).toBe(302);
  });

  it('asks again when login_hint or organization_id names someone else than the session', async () => {
    const first = await signIn();
    expect((await answer({ login_hint: 'member@acme.test' }, first.sessionCookie)).status).toBe(
      200,
    );
    expect(
      (await answer({ organization_id: 'org_20000000000000002' }, first.sessionCookie)).status,
    ).toBe(200);
    expect((await answer({ login_hint: 'Admin@Acme.test' }, first.sessionCookie)).status).toBe(302);
  });

  it('no longer answers from a session ended by logout', async () => {
    const first = await signIn();
    await fetch(`${idp.url}/oidc/logout`, { headers: { cookie: first.sessionCookie } });
    expect((await answer({}, first.sessionCookie)).status).toBe(200);
  });

  it('refuses a max_age that is not whole seconds, and prompt=none with other values', async () => {
    const malformed: Record<string, string>[] = [
      { max_age: '-1' },
      { max_age: '1.5' },
      { max_age: 'soon' },
      { max_age: '' },
      { prompt: 'none login' },
    ];
    for (const extra of malformed) {
      const callback = new URL(await loginAtDevIdp(authorizeUrl(extra), 'admin@acme.test'));
      expect(callback.searchParams.get('error')).toBe('invalid_request');
      expect(callback.searchParams.get('state')).toBe('st');
    }
  });
});
