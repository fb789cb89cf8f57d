import { loadAppConfig } from './app-config';
import { ConfigValidationError, Env } from './env';

const RESOURCE_SERVER: Env = {
  AUTH_ISSUER: 'https://acme.scalekit.dev',
  AUTH_AUDIENCE: 'https://api.acme.test',
};

function problemsOf(env: Env): readonly string[] {
  try {
    loadAppConfig(env);
  } catch (error: unknown) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('loadAppConfig', () => {
  it('logs readable lines in development and JSON elsewhere, unless LOG_FORMAT says', () => {
    const format = (env: Env) => loadAppConfig({ ...RESOURCE_SERVER, ...env }).server.logFormat;
    expect(format({})).toBe('pretty');
    expect(format({ NODE_ENV: 'test' })).toBe('json');
    expect(format({ NODE_ENV: 'development', LOG_FORMAT: 'json' })).toBe('json');
    expect(problemsOf({ ...RESOURCE_SERVER, LOG_FORMAT: 'xml' })[0]).toMatch(/^LOG_FORMAT/);
  });

  it('reads SCALEKIT_WEBHOOK_SECRET only in its whsec_ form', () => {
    const scalekit = {
      ...RESOURCE_SERVER,
      SCALEKIT_ENVIRONMENT_URL: 'https://acme.scalekit.dev',
      SCALEKIT_CLIENT_ID: 'skc_1',
      SCALEKIT_CLIENT_SECRET: 's',
    };
    const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    expect(
      loadAppConfig({ ...scalekit, SCALEKIT_WEBHOOK_SECRET: secret }).scalekit?.webhookSecret,
    ).toBe(secret);
    expect(problemsOf({ ...scalekit, SCALEKIT_WEBHOOK_SECRET: 'secret' })[0]).toMatch(
      /^SCALEKIT_WEBHOOK_SECRET.*whsec_/,
    );
  });

  it('runs a resource server with only an issuer and an audience: no Scalekit secret', () => {
    const config = loadAppConfig(RESOURCE_SERVER);
    expect(config.scalekit).toBeUndefined();
    expect(config.auth).toMatchObject({
      issuer: 'https://acme.scalekit.dev',
      jwksUri: 'https://acme.scalekit.dev/keys',
      audiences: ['https://api.acme.test'],
      algorithms: ['RS256'],
      clockToleranceSec: 5,
    });
    expect(config.server).toMatchObject({ port: 3000, host: '127.0.0.1' });
  });

  it('defaults the issuer to the Scalekit environment, also under its older name', () => {
    const config = loadAppConfig({
      SCALEKIT_ENV_URL: 'https://acme.scalekit.dev',
      SCALEKIT_CLIENT_ID: 'skc_1',
      SCALEKIT_CLIENT_SECRET: 'secret',
      AUTH_AUDIENCE: 'skc_1',
    });
    expect(config.scalekit?.environmentUrl).toBe('https://acme.scalekit.dev');
    expect(config.auth.issuer).toBe('https://acme.scalekit.dev');
  });

  it('reports every problem at once, one line each, naming the variable', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      AUTH_ALGORITHMS: 'RS256,HS256',
      AUTH_CLOCK_TOLERANCE_S: '-1',
      SESSION_IDLE_TIMEOUT_S: 'soon',
    });
    for (const name of [
      'PORT',
      'AUTH_ALGORITHMS',
      'AUTH_CLOCK_TOLERANCE_S',
      'SESSION_IDLE_TIMEOUT_S',
    ])
      expect(problems.filter((p) => p.startsWith(`${name}`))).toHaveLength(1);
    expect(problems.every((p) => !p.includes('\n'))).toBe(true);
    // A number out of range says what is allowed, not that it is not a number.
    expect(problems).toContain('AUTH_CLOCK_TOLERANCE_S: Too small: expected number to be >=0');
  });

  it('refuses HMAC and none: a public key must never act as a shared secret', () => {
    for (const alg of ['HS256', 'none'])
      expect(problemsOf({ ...RESOURCE_SERVER, AUTH_ALGORITHMS: alg })).toEqual([
        expect.stringMatching(/^AUTH_ALGORITHMS/),
      ]);
  });

  it('names a bad REDIS_URL once, although sessions and the admin API both read it', () => {
    const problems = problemsOf({ ...RESOURCE_SERVER, REDIS_URL: 'localhost:6379' });
    expect(problems.filter((p) => p.startsWith('REDIS_URL'))).toHaveLength(1);
  });

  it('treats empty values as unset, so a copied .env.example starts', () => {
    const config = loadAppConfig({
      ...RESOURCE_SERVER,
      PORT: '',
      AUTH_ALGORITHMS: '',
      REDIS_URL: '',
    });
    expect(config.server.port).toBe(3000);
    expect(config.auth.algorithms).toEqual(['RS256']);
  });

  it('refuses half a Scalekit configuration instead of guessing', () => {
    const problems = problemsOf({ ...RESOURCE_SERVER, SCALEKIT_CLIENT_ID: 'skc_1' });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^SCALEKIT_ENVIRONMENT_URL/),
        expect.stringMatching(/^SCALEKIT_CLIENT_SECRET/),
      ]),
    );
  });

  it.each([
    [
      'SCALEKIT_ENVIRONMENT_URL alone',
      { SCALEKIT_ENVIRONMENT_URL: 'https://acme.scalekit.dev' },
      ['SCALEKIT_CLIENT_ID', 'SCALEKIT_CLIENT_SECRET', 'AUTH_AUDIENCE'],
    ],
    [
      'SCALEKIT_ENVIRONMENT_URL with an audience',
      { SCALEKIT_ENVIRONMENT_URL: 'https://acme.scalekit.dev', AUTH_AUDIENCE: 'a' },
      ['SCALEKIT_CLIENT_ID', 'SCALEKIT_CLIENT_SECRET'],
    ],
    [
      'a client id alone',
      { SCALEKIT_CLIENT_ID: 'skc_1', AUTH_AUDIENCE: 'a' },
      ['SCALEKIT_ENVIRONMENT_URL', 'SCALEKIT_CLIENT_SECRET'],
    ],
    ['nothing at all', {}, ['AUTH_ISSUER', 'AUTH_AUDIENCE']],
  ])('%s: each problem once, naming the variable to change', (_name, env, variables) => {
    const problems = problemsOf(env);
    expect(problems.map((p) => p.split(':')[0])).toEqual(variables);
  });

  it('refuses insecure cookies in production', () => {
    expect(
      problemsOf({ ...RESOURCE_SERVER, NODE_ENV: 'production', SESSION_SECURE_COOKIES: 'false' }),
    ).toEqual([expect.stringMatching(/^SESSION_SECURE_COOKIES/)]);
  });
});
