import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { BrowserContext, Page } from 'playwright-core';
import { launchTestBrowser, type TestBrowser } from './helpers/browser';
import { HOSTILE, HOSTILE_EMAIL, writeHostileSeed } from './helpers/hostile-seed';
import { clientToken } from './helpers/stand-in-tokens';
import {
  browserSignedIn,
  csrfTokenOf,
  startSessionTestbed,
  STORE_KINDS,
  storeScratch,
  type SessionTestbed,
  type StoreScratch,
  useSessionTestbed,
} from './helpers/session-login';

// One Chromium for the whole file; one app (and stand-in) per store.
jest.setTimeout(30_000);

let browser: TestBrowser;
beforeAll(async () => {
  browser = await launchTestBrowser();
}, 60_000);
afterAll(async () => {
  await browser.close();
});

describe.each(STORE_KINDS)('in Chromium (%s store)', (kind) => {
  let scratch: StoreScratch;
  let bed: SessionTestbed;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    scratch = storeScratch();
    bed = await startSessionTestbed(kind, scratch);
  });
  afterAll(async () => {
    await bed.close();
    await scratch.dispose();
  });
  beforeEach(async () => {
    context = await browser.newContext();
    page = await context.newPage();
  });
  afterEach(async () => {
    await context.close();
  });

  /** From a protected page, through /login and the stand-in's page, back to where we started. */
  async function signInFrom(path: string, email: string): Promise<void> {
    await page.goto(`${bed.url}${path}`);
    await page.waitForURL(`${bed.idp.url}/oauth/authorize**`);
    await page.click(`button[name="email"][value="${email}"]`);
    await page.waitForURL(`${bed.url}${path}`);
  }

  async function sessionCookie(): Promise<string> {
    const cookie = (await context.cookies(bed.url)).find((c) => c.name === 'app_session');
    if (!cookie) throw new Error('no session cookie');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    return `${cookie.name}=${cookie.value}`;
  }

  it.each([390, 1280])(
    'every page fits a %i px wide window (no horizontal scroll), screenshot kept',
    async (width) => {
      const sized = await browser.newContext({ viewport: { width, height: 900 } });
      const tab = await sized.newPage();
      const shots = join(tmpdir(), 'scalekit-nest-auth-screenshots');
      mkdirSync(shots, { recursive: true });
      const overflowing: string[] = [];
      const check = async (name: string) => {
        await tab.screenshot({ path: join(shots, `${kind}-${name}-${width}.png`), fullPage: true });
        // A string: the test is compiled without the DOM library.
        const wide = await tab.evaluate(
          'document.documentElement.scrollWidth > document.documentElement.clientWidth',
        );
        if (wide) overflowing.push(name);
      };
      try {
        await tab.goto(`${bed.url}/`);
        await check('home');
        await tab.goto(`${bed.url}/dashboard`);
        await tab.waitForURL(`${bed.idp.url}/oauth/authorize**`);
        await check('stand-in-sign-in');
        await tab.click('button[name="email"][value="admin@acme.test"]');
        await tab.waitForURL(`${bed.url}/dashboard`);
        await check('dashboard');
        for (const path of ['sessions', 'organization/settings', 'organization/api-clients']) {
          await tab.goto(`${bed.url}/${path}`);
          await check(path.replace('/', '-'));
        }
        // The console's other pages, with a client whose long values must wrap.
        await tab.goto(`${bed.url}/organization/api-clients/new`);
        await check('api-clients-new');
        await tab.fill('#name', `A client with a long name for a narrow screen (${width} px)`);
        await tab.check('input[name="scopes"][value="read:deployments"]');
        await tab.fill('#audience', 'https://api.example.com/a/rather/long/path/for/an/audience');
        await tab.click('#save');
        await tab.waitForSelector('#secret');
        await check('api-clients-secret-shown-once');
        await tab.click('#done');
        await check('api-clients-client');
        const clientPage = tab.url();
        await tab.click('#edit');
        await check('api-clients-edit');
        // A refused form, with its list of what to fix.
        await tab.fill('#customClaims', 'not a claim line');
        await tab.click('#save');
        await tab.waitForSelector('#problems');
        await check('api-clients-edit-refused');
        await tab.goto(clientPage);
        await tab.click('#delete');
        await check('api-clients-delete');
        await tab.goto(`${bed.url}/organization/api-clients`);
        await check('api-clients-with-a-client');
        await tab.goto(`${bed.url}/no/such/page`);
        await check('not-found');
      } finally {
        await sized.close();
      }
      expect(overflowing).toEqual([]);
    },
  );

  it('the sessions page buttons show their result on the page, not raw JSON', async () => {
    await signInFrom('/sessions', 'admin@acme.test');
    await page.click('form[action="/sessions/validate-token"] button');
    await page.waitForURL(`${bed.url}/sessions/validate-token`);
    await expect(page.textContent('#result')).resolves.toMatch(
      /^Your access token is valid until \d{1,2} \w{3} \d{4}, [\d:]+ UTC\.$/,
    );
    await expect(page.textContent('h1')).resolves.toBe('Your session');
    await page.click('form[action="/sessions/refresh-token"] button');
    await expect(page.textContent('#result')).resolves.toMatch(/^Access token refreshed/);
  });

  it('signs in by work email from the home page: the domain routes to the organization', async () => {
    await page.goto(`${bed.url}/`);
    await page.fill('input[name="login_hint"]', 'member@acme.test');
    await page.click('form.email-login button[type="submit"]');
    await page.waitForURL(`${bed.idp.url}/oauth/authorize**`);
    await expect(page.textContent('.via strong')).resolves.toBe('Acme Okta');
    const buttons = await page.locator('button[name="email"]').all();
    const offered = await Promise.all(buttons.map((b) => b.getAttribute('value')));
    expect(offered).toEqual(['admin@acme.test', 'member@acme.test', 'auditor@acme.test']);
    await page.click('button[name="email"][value="member@acme.test"]');
    await page.waitForURL(`${bed.url}/dashboard`);
    await expect(page.textContent('h1')).resolves.toBe('Hello, Max Member');
  });

  it('signs in from the identity provider portal (IdP-initiated) and lands on the dashboard', async () => {
    await page.goto(`${bed.idp.url}/idp-portal`);
    await page.click('ul.portal a:has-text("Acme Okta")');
    await page.waitForURL(`${bed.idp.url}/oauth/authorize**`);
    await expect(page.textContent('.via strong')).resolves.toBe('Acme Okta');
    await page.click('button[name="email"][value="admin@acme.test"]');
    await page.waitForURL(`${bed.url}/dashboard`);
    await expect(page.textContent('h1')).resolves.toBe('Hello, Ada Admin');
  });

  it('the admin signs in, sees the dashboard and settings, signs out; the old cookie is refused', async () => {
    await signInFrom('/dashboard', 'admin@acme.test');
    await expect(page.textContent('h1')).resolves.toBe('Hello, Ada Admin');
    await expect(page.textContent('#email')).resolves.toBe('admin@acme.test');
    // The organization by name (from Scalekit through the SDK), its id beside it.
    await expect(page.textContent('#organization')).resolves.toMatch(
      /^\s*Acme\s+org_10000000000000001\s*$/,
    );
    await expect(page.textContent('#permissions')).resolves.toContain('organization:settings');
    const oldCookie = await sessionCookie();

    const settings = await page.goto(`${bed.url}/organization/settings`);
    expect(settings?.status()).toBe(200);
    await expect(page.textContent('h1')).resolves.toBe('Organization settings');

    await page.click('header button[type="submit"]');
    await page.waitForURL(`${bed.url}/`);
    await expect(page.textContent('h1')).resolves.toBe('Welcome');
    await expect(page.textContent('.notice')).resolves.toBe('You are signed out.');
    expect((await context.cookies(bed.url)).some((c) => c.name === 'app_session')).toBe(false);
    // Said once: a reload shows the plain home page.
    await page.reload();
    expect(await page.$('.notice')).toBeNull();

    const replay = await request(bed.url).get('/dashboard').set('Cookie', oldCookie);
    expect(replay.status).toBe(302);
    expect(replay.headers.location).toBe('/login?next=%2Fdashboard');
  });

  it('the member gets the 403 page on organization settings', async () => {
    await signInFrom('/dashboard', 'member@acme.test');
    const settings = await page.goto(`${bed.url}/organization/settings`);
    expect(settings?.status()).toBe(403);
    await expect(page.textContent('h1')).resolves.toBe('Access denied');
  });
});

describe('in Chromium, the API-clients console', () => {
  const testbed = useSessionTestbed('file');
  let bed: SessionTestbed;
  let context: BrowserContext;
  let page: Page;

  beforeAll(() => {
    bed = testbed();
  });
  beforeEach(async () => {
    context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    page = await context.newPage();
  });
  afterEach(async () => {
    await context.close();
  });

  async function signInAs(email: string): Promise<void> {
    await page.goto(`${bed.url}/organization/api-clients`);
    await page.waitForURL(`${bed.idp.url}/oauth/authorize**`);
    await page.click(`button[name="email"][value="${email}"]`);
    await page.waitForURL(`${bed.url}/organization/api-clients`);
  }

  const secretCount = () => page.locator('#secrets li').count();

  it('the admin registers a client, copies the secret, gets a token, rotates and deletes', async () => {
    await signInAs('admin@acme.test');
    await page.click('#register');
    await page.fill('#name', 'Chromium deployer');
    await page.check('input[name="scopes"][value="read:deployments"]');
    await page.fill('#expiry', '900');
    // A double click: the second submission comes while the first is on its way. Sent twice,
    // the browser would show the second answer, the replay that withholds the secret.
    await page.evaluate(
      "const f = document.getElementById('client-form'); f.requestSubmit(); setTimeout(() => f.requestSubmit(), 5);",
    );
    await page.waitForSelector('h1:has-text("API client registered")');
    await page.waitForLoadState('load');

    // The secret, once, copied with the button.
    const secret = (await page.textContent('#secret')) ?? '';
    const clientId = (await page.textContent('#client-id')) ?? '';
    await page.click('#copy');
    // A selector, not waitForFunction: polling a function is eval, which the page's CSP forbids.
    await page.waitForSelector('#copy-status:not(:empty)');
    await expect(page.textContent('#copy-status')).resolves.toBe('Copied.');
    await expect(page.evaluate('navigator.clipboard.readText()')).resolves.toBe(secret);
    expect(typeof (await clientToken(bed.idp, clientId, secret))).toBe('string');

    // Gone for good: the client's page does not have it, nor does going back to the answer.
    await page.click('#done');
    await page.waitForURL(`${bed.url}/organization/api-clients/${clientId}`);
    await expect(page.textContent('main')).resolves.toContain('900 s');
    expect(await page.content()).not.toContain(secret);
    // no-store: Chromium does not keep the answer, so going back asks to resend the form
    // (which would only replay it, secret withheld) instead of showing the secret again.
    await expect(page.goBack()).rejects.toThrow('net::ERR_CACHE_MISS');
    await page.waitForURL('chrome-error://**');
    expect(await page.content()).not.toContain(secret);

    // Rotate: add a secret, see it once, remove the old one.
    await page.goto(`${bed.url}/organization/api-clients/${clientId}`);
    await page.click('#add-secret');
    const second = (await page.textContent('#secret')) ?? '';
    expect(second).not.toBe(secret);
    await page.click('#done');
    expect(await secretCount()).toBe(2);
    await page.click('#secrets li:first-child button');
    await expect(page.textContent('#notice')).resolves.toContain('The secret was removed.');
    expect(await secretCount()).toBe(1);
    const tokens = [
      await clientToken(bed.idp, clientId, secret),
      await clientToken(bed.idp, clientId, second),
    ];
    expect(tokens.filter((t) => typeof t === 'string')).toHaveLength(1);

    // The last secret: the page says why it is kept, and removes it only when ticked.
    await page.click('#secrets li:first-child button');
    await expect(page.textContent('#problems')).resolves.toContain('only active secret');
    expect(await secretCount()).toBe(1);
    await page.check('#secrets li:first-child input[name="force"]');
    await page.click('#secrets li:first-child button');
    await expect(page.textContent('#notice')).resolves.toContain('The secret was removed.');

    await page.click('#delete');
    await page.click('#confirm-delete');
    await page.waitForURL(`${bed.url}/organization/api-clients?notice=deleted`);
    await expect(page.textContent('#notice')).resolves.toContain('The API client was deleted.');
    await expect(page.textContent('main')).resolves.not.toContain('Chromium deployer');
  });

  it('a read-only admin sees the clients and no write button; a member has no console', async () => {
    const { jar } = await browserSignedIn(bed.url, 'admin@acme.test');
    const created = await request(bed.url)
      .post('/api/admin/organizations/org_10000000000000001/clients')
      .set('Cookie', jar.header())
      .set('Origin', bed.url)
      .set('x-csrf-token', await csrfTokenOf(bed.url, jar))
      .send({ name: 'Seen, not touched', scopes: ['read:deployments'] });
    expect(created.status).toBe(201);

    await signInAs('auditor@acme.test');
    expect(await page.locator('#register').count()).toBe(0);
    await page.click('#clients a:has-text("Seen, not touched")');
    await expect(page.textContent('h1')).resolves.toBe('Seen, not touched');
    expect(await page.locator('main form, main button, #edit, #delete').count()).toBe(0);
    const forbidden = await page.goto(`${bed.url}/organization/api-clients/new`);
    expect(forbidden?.status()).toBe(403);

    await context.clearCookies();
    await page.goto(`${bed.url}/dashboard`);
    await page.waitForURL(`${bed.idp.url}/oauth/authorize**`);
    await page.click('button[name="email"][value="member@acme.test"]');
    await page.waitForURL(`${bed.url}/dashboard`);
    expect(await page.locator('header a[href="/organization/api-clients"]').count()).toBe(0);
    const denied = await page.goto(`${bed.url}/organization/api-clients`);
    expect(denied?.status()).toBe(403);
  });
});

describe('in Chromium, markup from the IdP stays text', () => {
  let scratch: StoreScratch;
  let bed: SessionTestbed;

  beforeAll(async () => {
    scratch = storeScratch();
    bed = await startSessionTestbed(
      'file',
      scratch,
      {},
      {
        seedFile: writeHostileSeed(scratch.dataDir),
      },
    );
  });
  afterAll(async () => {
    await bed.close();
    await scratch.dispose();
  });

  it('a user named <script> sees the name as text and no script runs', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await page.goto(`${bed.url}/dashboard`);
      await page.waitForURL(`${bed.idp.url}/oauth/authorize**`);
      await page.click(`button[name="email"][value="${HOSTILE_EMAIL}"]`);
      await page.waitForURL(`${bed.url}/dashboard`);
      const name = `${HOSTILE.givenName} ${HOSTILE.familyName}`;
      await expect(page.textContent('h1')).resolves.toBe(`Hello, ${name}`);
      await expect(page.textContent('#roles')).resolves.toContain(HOSTILE.role);
      await expect(page.textContent('#permissions')).resolves.toContain(HOSTILE.permission);
      expect(await page.locator('main script, main img, main b').count()).toBe(0);
      await page.goto(`${bed.url}/sessions`);
      await page.goto(`${bed.url}/logout`);
      expect(dialogs).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
