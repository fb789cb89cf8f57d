import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createAdminTestApp, AdminTestApp } from './helpers/admin/admin-test-app';
import { CapturingAuditLogger } from './helpers/admin/capturing-audit.logger';
import { devIdpEnv, DevIdpHandle, startTestDevIdp } from './helpers/dev-idp';
import { freePort } from './helpers/free-port';
import { clientToken } from './helpers/stand-in-tokens';
import { CookieJar, csrfTokenOf, signIn } from './helpers/session-login';

const CONSOLE = '/organization/api-clients';

/** The hidden value of a form field on a page. */
function hidden(page: string, name: string): string {
  const found = new RegExp(`name="${name}" value="([^"]*)"`).exec(page);
  if (!found?.[1]) throw new Error(`no ${name} on the page`);
  return found[1];
}

/** The plain secret on a secret page. */
function shownSecret(page: string): string | undefined {
  return /<code class="secret" id="secret">([^<]+)<\/code>/.exec(page)?.[1];
}

/**
 * The console's write side as a browser drives it, through forms: the same service and rules as
 * the REST API (permission, tenant, grantable scopes, idempotency, the last-secret rule, audit,
 * CSRF), against the real SDK and the stand-in.
 */
describe('API-clients console: changes (e2e, stand-in)', () => {
  let idp: DevIdpHandle;
  let app: AdminTestApp;
  let url: string;
  let dataDir: string;
  const audit = new CapturingAuditLogger();
  const jars: Record<string, CookieJar> = {};
  const csrf: Record<string, string> = {};

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    dataDir = mkdtempSync(join(tmpdir(), 'console-changes-'));
    idp = await startTestDevIdp({ appRedirectUris: [`${url}/auth/callback`] });
    app = await createAdminTestApp(
      {
        PORT: String(port),
        ...devIdpEnv(idp, url),
        SESSION_DATA_DIR: dataDir,
        SESSION_RATE_LIMIT: '1000',
      },
      { audit },
    );
    for (const email of ['admin@acme.test', 'auditor@acme.test', 'admin@globex.test']) {
      jars[email] = new CookieJar();
      await signIn(url, email, jars[email]);
      csrf[email] = await csrfTokenOf(url, jars[email]);
    }
  });
  afterAll(async () => {
    await app?.close();
    await idp?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const page = (path: string, who = 'admin@acme.test') =>
    request(url)
      .get(path)
      .set('Cookie', jars[who]?.header() ?? '')
      .set('Accept', 'text/html');
  /** A form post from our own page, as Chromium sends it. */
  const submit = (
    path: string,
    fields: Record<string, string | string[]>,
    who = 'admin@acme.test',
  ) => {
    const form = new URLSearchParams();
    form.set('_csrf', csrf[who] ?? '');
    for (const [name, value] of Object.entries(fields))
      for (const v of [value].flat()) form.append(name, v);
    return request(url)
      .post(path)
      .set('Cookie', jars[who]?.header() ?? '')
      .set('Origin', url)
      .set('Accept', 'text/html')
      .type('form')
      .send(form.toString());
  };
  const register = async (name: string, extra: Record<string, string | string[]> = {}) => {
    const form = await page(`${CONSOLE}/new`);
    const res = await submit(CONSOLE, {
      idempotencyKey: hidden(form.text, 'idempotencyKey'),
      name,
      scopes: 'read:deployments',
      ...extra,
    });
    if (res.status !== 201) throw new Error(`register answered ${res.status}: ${res.text}`);
    return {
      clientId: /id="client-id">([^<]+)</.exec(res.text)?.[1] ?? '',
      secret: shownSecret(res.text) ?? '',
    };
  };

  it('registers from the form: the secret once, no-store, and it gets a token', async () => {
    const form = await page(`${CONSOLE}/new`);
    expect(form.status).toBe(200);
    // Scopes are offered from the grantable set, never api_clients:admin.
    expect(form.text).toContain('value="read:deployments"');
    expect(form.text).not.toContain('value="api_clients:admin"');
    const key = hidden(form.text, 'idempotencyKey');
    audit.events.splice(0);

    const fields = {
      idempotencyKey: key,
      name: 'Nightly export',
      description: 'Runs at 02:00',
      scopes: ['read:deployments', 'deploy:applications'],
      audience: 'https://api.example.com\n\napi2.example.com',
      customClaims: 'environment=production',
      expiry: '600',
    };
    const created = await submit(CONSOLE, fields);
    expect(created.status).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    expect(created.text).toContain('This is the only time it is shown');
    expect(created.text).toContain('<script src="/organization/api-clients/console.js" defer>');
    const secret = shownSecret(created.text) ?? '';
    const clientId = /id="client-id">([^<]+)</.exec(created.text)?.[1] ?? '';
    expect(secret.length).toBeGreaterThan(20);
    expect(typeof (await clientToken(idp, clientId, secret))).toBe('string');
    expect(
      audit.events.map((e) => [e.action, e.outcome, e.status, e.clientId, e.replayed]),
    ).toEqual([['api_client.create', 'success', 201, clientId, false]]);

    // Everything the form said reached Scalekit.
    const shown = await page(`${CONSOLE}/${clientId}`);
    expect(shown.text).toContain('Runs at 02:00');
    expect(shown.text).toContain('https://api.example.com, api2.example.com');
    expect(shown.text).toContain('<code>environment=production</code>');
    expect(shown.text).toContain('600 s');
    expect(shown.text).not.toContain(secret);

    // Sent again (reload, back and resend, double click): the same client, the secret not again.
    const again = await submit(CONSOLE, fields);
    expect(again.status).toBe(200);
    expect(again.text).toContain('id="already-shown"');
    expect(again.text).toContain(clientId);
    expect(again.text).not.toContain(secret);
    expect(shownSecret(again.text)).toBeUndefined();
    expect(audit.events.at(-1)).toMatchObject({ outcome: 'success', status: 200, replayed: true });
    const list = await page(CONSOLE);
    expect(list.text.split('Nightly export').length - 1).toBe(1);
  });

  it('a double click registers one client: one answer shows the secret, the other says it was shown (20 rounds)', async () => {
    for (let round = 0; round < 20; round++) {
      const fields = {
        idempotencyKey: `double-click-${round}-${Date.now()}`,
        name: `Double click ${round}`,
        scopes: 'read:deployments',
      };
      const answers = await Promise.all([submit(CONSOLE, fields), submit(CONSOLE, fields)]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
      expect(answers.filter((a) => shownSecret(a.text) !== undefined)).toHaveLength(1);
      const ids = answers.map((a) => /id="client-id">([^<]+)</.exec(a.text)?.[1]);
      expect(ids[0]).toBe(ids[1]);
    }
    const list = await request(url)
      .get(`/api/admin/organizations/org_10000000000000001/clients?pageSize=100`)
      .set('Cookie', jars['admin@acme.test']?.header() ?? '');
    const names = (list.body.clients as { name: string }[]).map((c) => c.name);
    expect(names.filter((n) => n.startsWith('Double click '))).toHaveLength(20);
  });

  it('the same form sent again with other values says it registered a client already', async () => {
    const form = await page(`${CONSOLE}/new`);
    const key = hidden(form.text, 'idempotencyKey');
    const first = await submit(CONSOLE, {
      idempotencyKey: key,
      name: 'First',
      scopes: 'read:deployments',
    });
    expect(first.status).toBe(201);
    const changed = await submit(CONSOLE, {
      idempotencyKey: key,
      name: 'Second',
      scopes: 'read:deployments',
    });
    expect(changed.status).toBe(409);
    expect(changed.text).toContain('This form already registered a client');
    expect(changed.text).toContain('value="Second"');
    // A fresh key: sending this form now registers the second client.
    const fresh = hidden(changed.text, 'idempotencyKey');
    expect(fresh).not.toBe(key);
    const second = await submit(CONSOLE, {
      idempotencyKey: fresh,
      name: 'Second',
      scopes: 'read:deployments',
    });
    expect(second.status).toBe(201);
  });

  it('gives a refused form back as typed, naming each field to fix, and creates nothing', async () => {
    const before = (await page(CONSOLE)).text.match(/<tr>/g)?.length;
    audit.events.splice(0);
    const refused = await submit(CONSOLE, {
      idempotencyKey: 'form-key-refused-1',
      name: 'Keeps <this> name',
      scopes: ['read:deployments', 'admin:everything'],
      audience: 'ftp://nope',
      customClaims: 'iss=forged\nno equals sign',
      expiry: 'soon',
    });
    expect(refused.status).toBe(400);
    expect(refused.headers['content-type']).toMatch(/^text\/html/);
    expect(refused.text).toContain('value="Keeps &lt;this&gt; name"');
    expect(refused.text).toContain('ftp://nope</textarea>');
    expect(refused.text).toContain('iss=forged\nno equals sign</textarea>');
    expect(refused.text).toContain('value="soon"');
    for (const field of [
      'Custom claims (line 2)',
      'Custom claims: iss',
      'Audience (line 1)',
      'Token lifetime',
    ])
      expect(refused.text).toContain(`<code>${field}</code>`);
    // The form keeps its key, so fixing and sending it still registers exactly once.
    expect(hidden(refused.text, 'idempotencyKey')).toBe('form-key-refused-1');
    expect((await page(CONSOLE)).text.match(/<tr>/g)?.length).toBe(before);
    expect(audit.events.map((e) => [e.action, e.outcome, e.status])).toEqual([
      ['api_client.create', 'rejected', 400],
    ]);

    // A scope outside the grantable set: the policy's 400, on the form.
    const ungrantable = await submit(CONSOLE, {
      idempotencyKey: 'form-key-refused-2',
      name: 'x',
      scopes: 'admin:everything',
    });
    expect(ungrantable.status).toBe(400);
    expect(ungrantable.text).toContain('is not a scope this service grants');
  });

  it('refuses a form post without the CSRF token or from another origin', async () => {
    const before = (await page(CONSOLE)).text;
    const noToken = await request(url)
      .post(CONSOLE)
      .set('Cookie', jars['admin@acme.test']?.header() ?? '')
      .set('Origin', url)
      .type('form')
      .send('name=forged&scopes=read%3Adeployments');
    expect(noToken.status).toBe(403);
    const crossSite = await request(url)
      .post(CONSOLE)
      .set('Cookie', jars['admin@acme.test']?.header() ?? '')
      .set('Origin', 'https://evil.example')
      .type('form')
      .send(`_csrf=${csrf['admin@acme.test']}&name=forged&scopes=read%3Adeployments`);
    expect(crossSite.status).toBe(403);
    expect((await page(CONSOLE)).text).toBe(before);
  });

  it('edits: only what changed is sent; unchanged and uncleared fields are said so', async () => {
    const { clientId } = await register('Before edit', { description: 'first' });
    const form = await page(`${CONSOLE}/${clientId}/edit`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('value="Before edit"');
    expect(form.text).not.toContain('idempotencyKey');
    const fields = { name: 'After edit', description: 'first', scopes: 'read:deployments' };

    const saved = await submit(`${CONSOLE}/${clientId}`, { ...fields, expiry: '900' });
    expect([saved.status, saved.headers.location]).toEqual([
      303,
      `${CONSOLE}/${clientId}?notice=updated`,
    ]);
    const shown = await page(`${CONSOLE}/${clientId}?notice=updated`);
    expect(shown.text).toContain('The API client was saved.');
    expect(shown.text).toContain('<h1>After edit</h1>');
    expect(shown.text).toContain('900 s');

    const same = await submit(`${CONSOLE}/${clientId}`, {
      ...fields,
      name: 'After edit',
      expiry: '900',
    });
    expect(same.headers.location).toBe(`${CONSOLE}/${clientId}?notice=unchanged`);

    const cleared = await submit(`${CONSOLE}/${clientId}`, { ...fields, description: '' });
    expect(cleared.status).toBe(400);
    expect(cleared.text).toContain('cannot be cleared');

    // A line the form cannot read is the one problem named, not also "nothing changed".
    const unreadable = await submit(`${CONSOLE}/${clientId}`, {
      ...fields,
      name: 'After edit',
      customClaims: 'not a claim line',
    });
    expect(unreadable.status).toBe(400);
    expect(unreadable.text).toContain('<code>Custom claims (line 1)</code> must be name=value');
    expect(unreadable.text).not.toContain('must change at least one field');
  });

  it('rotates: a new secret shown once, the old one removed, the last one only on purpose', async () => {
    const { clientId, secret: first } = await register('Rotating');
    const detail = await page(`${CONSOLE}/${clientId}`);
    const added = await submit(`${CONSOLE}/${clientId}/secrets`, {
      idempotencyKey: hidden(detail.text, 'idempotencyKey'),
    });
    expect(added.status).toBe(201);
    const second = shownSecret(added.text) ?? '';
    expect(second).not.toBe(first);
    expect(typeof (await clientToken(idp, clientId, second))).toBe('string');

    const secretIds = [
      ...(await page(`${CONSOLE}/${clientId}`)).text.matchAll(/data-secret="([^"]+)"/g),
    ].map((m) => m[1] ?? '');
    expect(secretIds).toHaveLength(2);
    // Which id is the first secret: the one whose removal stops the first secret working.
    const removed = await submit(`${CONSOLE}/${clientId}/secrets/${secretIds[0]}/remove`, {});
    expect([removed.status, removed.headers.location]).toEqual([
      303,
      `${CONSOLE}/${clientId}?notice=secret-removed`,
    ]);
    const remaining = secretIds[1] ?? '';
    const tokens = [
      await clientToken(idp, clientId, first),
      await clientToken(idp, clientId, second),
    ];
    expect(tokens.filter((t) => typeof t === 'string')).toHaveLength(1);

    // The last active secret: explained, and removed only with the box ticked.
    const refused = await submit(`${CONSOLE}/${clientId}/secrets/${remaining}/remove`, {});
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('This is the only active secret of the client');
    expect(refused.text).toContain('name="force"');
    const forced = await submit(`${CONSOLE}/${clientId}/secrets/${remaining}/remove`, {
      force: 'true',
    });
    expect(forced.status).toBe(303);
    expect(await clientToken(idp, clientId, first)).not.toEqual(expect.any(String));
    expect(await clientToken(idp, clientId, second)).not.toEqual(expect.any(String));
  });

  it('deletes after a confirmation page; the client is gone', async () => {
    const { clientId, secret } = await register('To delete');
    const confirm = await page(`${CONSOLE}/${clientId}/delete`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('This cannot be undone.');
    audit.events.splice(0);
    const deleted = await submit(`${CONSOLE}/${clientId}/delete`, {});
    expect([deleted.status, deleted.headers.location]).toEqual([303, `${CONSOLE}?notice=deleted`]);
    expect((await page(`${CONSOLE}?notice=deleted`)).text).toContain('The API client was deleted.');
    expect((await page(`${CONSOLE}/${clientId}`)).status).toBe(404);
    expect(await clientToken(idp, clientId, secret)).not.toEqual(expect.any(String));
    expect(audit.events.map((e) => [e.action, e.outcome, e.status, e.clientId])).toEqual([
      ['api_client.delete', 'success', 303, clientId],
    ]);
  });

  it('a read-only admin sees the clients without write buttons, and cannot change them', async () => {
    const { clientId } = await register('Seen by the auditor');
    const who = 'auditor@acme.test';
    const list = await page(CONSOLE, who);
    expect(list.status).toBe(200);
    expect(list.text).toContain('id="clients"');
    expect(list.text).not.toContain('id="register"');
    const detail = await page(`${CONSOLE}/${clientId}`, who);
    expect(detail.status).toBe(200);
    for (const control of ['id="edit"', 'id="delete"', 'id="add-secret"', 'data-secret='])
      expect(detail.text).not.toContain(control);
    expect((await page(`${CONSOLE}/new`, who)).status).toBe(403);
    expect((await page(`${CONSOLE}/${clientId}/edit`, who)).status).toBe(403);
    const forged = await submit(`${CONSOLE}/${clientId}/delete`, {}, who);
    expect(forged.status).toBe(403);
    expect((await page(`${CONSOLE}/${clientId}`)).status).toBe(200);
  });

  it("another organization's admin cannot see or change the client (404), whatever the path says", async () => {
    const { clientId } = await register('Acme only');
    const who = 'admin@globex.test';
    expect((await page(`${CONSOLE}/${clientId}`, who)).status).toBe(404);
    expect((await submit(`${CONSOLE}/${clientId}/delete`, {}, who)).status).toBe(404);
    expect((await page(`${CONSOLE}/${clientId}`)).status).toBe(200);
  });

  it('answers hostile paths and queries with a 400 page or ignores them, never reflecting them', async () => {
    const bad = await page(`${CONSOLE}/m2morg_1%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E`);
    expect(bad.status).toBe(400);
    expect(bad.text).not.toContain('<script>alert');
    const notice = await page(`${CONSOLE}?notice=%3Cb%3Eyou%20were%20hacked%3C%2Fb%3E`);
    expect(notice.status).toBe(200);
    expect(notice.text).not.toContain('hacked');
  });

  it('answers hostile forms with a 4xx page, never a 500, and registers nothing', async () => {
    const before = (await page(CONSOLE)).text.match(/<tr>/g)?.length;
    const cases: Array<[string, Record<string, string | string[]>, number, string]> = [
      [
        '1,000 scopes',
        { scopes: Array<string>(1_000).fill('read:deployments') },
        400,
        'at most 50 scopes',
      ],
      [
        '5,000 claim lines',
        { customClaims: Array.from({ length: 5_000 }, (_, i) => `c${i}=v`).join('\n') },
        400,
        'at most 20 claims',
      ],
      ['a 20-digit lifetime', { expiry: '99999999999999999999' }, 400, 'whole number of seconds'],
      ['a name with a control character', { name: 'evil\u0007name' }, 400, 'control'],
      ['a scope that is markup', { scopes: '"><script>x</script>' }, 400, 'resource:action'],
    ];
    for (const [what, fields, status, says] of cases) {
      const res = await submit(CONSOLE, {
        idempotencyKey: `hostile-${what.replace(/\W/g, '')}`,
        name: 'Hostile',
        scopes: 'read:deployments',
        ...fields,
      });
      expect([what, res.status]).toEqual([what, status]);
      expect([what, res.text]).toEqual([what, expect.stringContaining(says)]);
      expect(res.text).not.toContain('<script>x</script>');
    }
    // Not a form at all, and a body past the limit.
    const cookie = jars['admin@acme.test']?.header() ?? '';
    const plain = await request(url)
      .post(CONSOLE)
      .set('Cookie', cookie)
      .set('Origin', url)
      .set('Accept', 'text/html')
      .set('Content-Type', 'text/plain')
      .send('name=x');
    expect([plain.status, plain.headers['content-type']]).toEqual([
      415,
      expect.stringMatching(/^text\/html/),
    ]);
    // Refused by the body parser before any route: a page for the browser, JSON for scripts.
    const huge = await submit(CONSOLE, { description: 'x'.repeat(3 * 1024 * 1024) });
    expect([huge.status, huge.headers['content-type']]).toEqual([
      413,
      expect.stringMatching(/^text\/html/),
    ]);
    expect(huge.text).toContain('larger than this service accepts');
    const scripted = await request(url)
      .post(CONSOLE)
      .set('Cookie', cookie)
      .set('Origin', url)
      .set('Accept', 'application/json')
      .type('form')
      .send(`description=${'x'.repeat(3 * 1024 * 1024)}`);
    expect([scripted.status, scripted.body.error]).toEqual([413, 'payload_too_large']);
    expect((await page(CONSOLE)).text.match(/<tr>/g)?.length).toBe(before);
  });

  it('serves the console script to anyone, cacheable', async () => {
    const res = await request(url).get(`${CONSOLE}/console.js`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
    expect(res.text).toContain('navigator.clipboard');
    expect(res.text).toContain('data-submit-once');
  });
});
