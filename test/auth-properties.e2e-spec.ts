import fc from 'fast-check';
import request from 'supertest';
import { createTestApp, TestApp } from './helpers/test-app';
import { appEnv, b64url, TestIssuer } from './helpers/test-issuer';

/**
 * Whatever arrives in the Authorization header, the answer is a clean 401 with a challenge:
 * never a 500, never a pass. Runs against the real app and a real JWKS.
 */
describe('malformed credentials, property-based (e2e)', () => {
  let issuer: TestIssuer;
  let app: TestApp;
  let valid: string;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    app = await createTestApp({ ...appEnv(issuer), AUTH_REALM: 'test-api' });
    valid = await issuer.mint({ scopes: ['read:deployments'] });
  });
  afterAll(async () => {
    await app?.close();
    await issuer?.close();
  });

  async function expectRefused(authorization: string): Promise<void> {
    const res = await request(app.url).get('/api/deployments').set('authorization', authorization);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="test-api"/);
    expect(typeof res.body.error).toBe('string');
  }

  // Header values Node's client will send: visible ASCII and spaces, no leading/trailing blanks.
  const headerChar = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));
  const headerValue = fc.string({ unit: headerChar, maxLength: 300 }).map((s) => s.trim());
  const b64Char = fc.constantFrom(
    ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split(''),
  );
  const segment = fc.string({ unit: b64Char, maxLength: 80 });
  const json = fc.jsonValue({ maxDepth: 2 });

  it('refuses arbitrary header values', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('', 'Bearer ', 'bearer ', 'Basic ', 'Bearer  '),
        headerValue,
        async (prefix, rest) => {
          await expectRefused(`${prefix}${rest}`.trim());
        },
      ),
      { numRuns: 150 },
    );
  });

  it('refuses tokens made of random segments', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 5 }), async (parts) => {
        await expectRefused(`Bearer ${parts.join('.') || 'x'}`);
      }),
      { numRuns: 150 },
    );
  });

  it('refuses tokens with arbitrary JSON header and payload under a real signature', async () => {
    const signature = valid.split('.')[2];
    await fc.assert(
      fc.asyncProperty(json, json, async (header, payload) => {
        await expectRefused(`Bearer ${b64url(header)}.${b64url(payload)}.${signature}`);
      }),
      { numRuns: 150 },
    );
  });

  it('refuses a valid token with any one character changed', async () => {
    // The last character of a base64url segment may carry only padding bits, so it is skipped:
    // changing it can leave the decoded bytes, and so the token, unchanged.
    const positions = [...valid]
      .map((_, i) => i)
      .filter((i) => valid[i] !== '.' && valid[i + 1] !== '.' && i < valid.length - 1);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...positions), b64Char, async (position, replacement) => {
        fc.pre(valid[position] !== replacement);
        await expectRefused(
          `Bearer ${valid.slice(0, position)}${replacement}${valid.slice(position + 1)}`,
        );
      }),
      { numRuns: 150 },
    );
  });

  it('refuses claims of any type in the checked claims', async () => {
    const claim = fc.constantFrom('iss', 'aud', 'exp', 'nbf', 'iat', 'sub');
    const badValue = fc.oneof(
      fc.string(),
      // NaN/Infinity reach a token only as null (JSON has no such numbers, and jose refuses to
      // sign them for the time claims): null is generated below.
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.string()),
      fc.object(),
    );
    await fc.assert(
      fc.asyncProperty(claim, badValue, async (name, value) => {
        const claims = issuer.defaultClaims();
        // Values that happen to be valid for the claim are not malformed: skip them.
        fc.pre(!isAcceptable(name, value, claims));
        await expectRefused(`Bearer ${await issuer.mint({ [name]: value })}`);
      }),
      { numRuns: 100 },
    );
  });

  function isAcceptable(name: string, value: unknown, claims: Record<string, unknown>): boolean {
    const now = Math.floor(Date.now() / 1000);
    if (name === 'sub') return typeof value === 'string' && value.length > 0;
    if (name === 'aud')
      return value === issuer.audience || (Array.isArray(value) && value.includes(issuer.audience));
    if (name === 'iss') return value === claims.iss;
    // Non-numbers are always malformed; numbers near the leeway boundary are skipped rather than
    // guessed.
    if (typeof value !== 'number' || !Number.isFinite(value)) return false;
    if (name === 'exp') return value > now - 10;
    return value < now + 10;
  }
});
