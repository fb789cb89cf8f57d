import request from 'supertest';
import { HOSTILE, HOSTILE_EMAIL, writeHostileSeed } from './helpers/hostile-seed';
import {
  CookieJar,
  signIn,
  startSessionTestbed,
  STORE_KINDS,
  storeScratch,
  type SessionTestbed,
  type StoreScratch,
} from './helpers/session-login';
import { escapeHtml } from '../src/session/views/html';

// Every page a signed-in user can reach shows the user's name; some show roles and permissions.
const PAGES = ['/dashboard', '/sessions', '/logout', '/organization/settings'];

describe.each(STORE_KINDS)('pages escape what the IdP says (%s store)', (kind) => {
  let scratch: StoreScratch;
  let bed: SessionTestbed;
  const jar = new CookieJar();

  beforeAll(async () => {
    scratch = storeScratch();
    bed = await startSessionTestbed(
      kind,
      scratch,
      {},
      { seedFile: writeHostileSeed(scratch.dataDir) },
    );
    const done = await signIn(bed.url, HOSTILE_EMAIL, jar);
    expect(done.headers.location).toBe('/dashboard');
  });
  afterAll(async () => {
    await bed.close();
    await scratch.dispose();
  });

  it.each(PAGES)('%s shows names, roles and permissions escaped', async (path) => {
    const page = await request(bed.url).get(path).set('Cookie', jar.header());
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['cache-control']).toBe('no-store');
    for (const raw of Object.values(HOSTILE)) expect(page.text).not.toContain(raw);
    expect(page.text).not.toMatch(/<script|<img|<b /i);
    expect(page.text).toContain(escapeHtml(HOSTILE.givenName));
    expect(page.text).toContain(escapeHtml(HOSTILE.familyName));
  });

  it('the dashboard lists the hostile role and permission as text', async () => {
    const page = await request(bed.url).get('/dashboard').set('Cookie', jar.header());
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<code>${escapeHtml(HOSTILE.role)}</code>`);
    expect(page.text).toContain(`<code>${escapeHtml(HOSTILE.permission)}</code>`);
  });
});
