import request from 'supertest';
import { clientToken } from './helpers/stand-in-tokens';
import {
  browserSignedIn,
  csrfTokenOf,
  useSessionTestbed,
  type CookieJar,
} from './helpers/session-login';

const ACME = 'org_10000000000000001';

describe('API-clients console (file store)', () => {
  const testbed = useSessionTestbed('file');
  const page = (jar: CookieJar, query = '') =>
    request(testbed().url)
      .get(`/organization/api-clients${query}`)
      .set('Cookie', jar.header())
      .set('Accept', 'text/html');

  it("lists the admin's organization's clients, with their scopes and secrets, no-store", async () => {
    const { jar } = await browserSignedIn(testbed().url, 'admin@acme.test');
    const created = await request(testbed().url)
      .post(`/api/admin/organizations/${ACME}/clients`)
      .set('Cookie', jar.header())
      .set('Origin', testbed().url)
      .set('x-csrf-token', await csrfTokenOf(testbed().url, jar))
      .send({ name: 'CI <deployer>', scopes: ['read:deployments'] });
    expect(created.status).toBe(201);
    const res = await page(jar);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('CI &lt;deployer&gt;');
    expect(res.text).toContain('Machine credentials of Acme');
    expect(res.text).toContain(created.body.client.clientId);
    expect(res.text).toContain('<code>read:deployments</code>');
    expect(res.text).toContain(`…${String(created.body.plainSecret).slice(-4)}`);
    // The secret itself is never on the page.
    expect(res.text).not.toContain(created.body.plainSecret);
    expect(res.text).toContain('href="/organization/api-clients"');
    expect(res.text).toContain(`curl -X POST ${testbed().idp.url}/oauth/token`);
    expect(res.text).toContain(`-d client_id=${created.body.client.clientId}`);
    // Still usable: the client gets a token with its secret.
    expect(
      typeof (await clientToken(
        testbed().idp,
        created.body.client.clientId,
        created.body.plainSecret,
      )),
    ).toBe('string');
  });

  it('a member without api_clients:read gets no menu entry and a 403 page', async () => {
    const { jar } = await browserSignedIn(testbed().url, 'member@acme.test');
    const dashboard = await request(testbed().url).get('/dashboard').set('Cookie', jar.header());
    expect(dashboard.text).not.toContain('href="/organization/api-clients"');
    const res = await page(jar);
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
  });

  it('signed out: to the login page, and back here after it', async () => {
    const res = await request(testbed().url)
      .get('/organization/api-clients')
      .set('Accept', 'text/html');
    expect([res.status, res.headers.location]).toEqual([
      302,
      '/login?next=%2Forganization%2Fapi-clients',
    ]);
  });

  it('refuses a page token that is not one, with a 400 page', async () => {
    const { jar } = await browserSignedIn(testbed().url, 'admin@acme.test');
    const res = await page(jar, '?pageToken=%22%3E%3Cscript%3E');
    expect(res.status).toBe(400);
    expect(res.text).not.toContain('<script>');
  });
});
