import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { BrowserContext, Page } from 'playwright-core';
import { launchTestBrowser, type TestBrowser } from './helpers/browser';
import { HOSTILE, HOSTILE_EMAIL, writeHostileSeed } from './helpers/hostile-seed';
import {
  startSessionTestbed,
  STORE_KINDS,
  storeScratch,
  type SessionTestbed,
  type StoreScratch,
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
