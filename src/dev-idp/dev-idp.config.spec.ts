import { parseDevIdpConfig } from './dev-idp.config';

describe('parseDevIdpConfig', () => {
  it('has development defaults', () => {
    const parsed = parseDevIdpConfig(
      {},
      {
        redirectUris: ['http://127.0.0.1:3000/auth/callback'],
        postLogoutRedirectUris: ['http://127.0.0.1:3000/'],
      },
    );
    expect(parsed).toEqual({
      ok: true,
      value: {
        embedded: true,
        options: expect.objectContaining({
          port: 8788,
          dataDir: './data/dev-idp',
          accessTokenTtlS: 300,
          appRedirectUris: ['http://127.0.0.1:3000/auth/callback'],
          appPostLogoutRedirectUris: ['http://127.0.0.1:3000/'],
        }),
      },
    });
  });

  it('reads DEV_IDP_* and adds extra redirect URIs', () => {
    const parsed = parseDevIdpConfig({
      DEV_IDP_EMBEDDED: 'false',
      DEV_IDP_PORT: '0',
      DEV_IDP_ACCESS_TOKEN_TTL_S: '5',
      DEV_IDP_REDIRECT_URIS: 'http://a/cb, http://b/cb',
    });
    expect(parsed.ok && parsed.value).toMatchObject({
      embedded: false,
      options: { port: 0, accessTokenTtlS: 5, appRedirectUris: ['http://a/cb', 'http://b/cb'] },
    });
  });

  it('names every bad variable', () => {
    const parsed = parseDevIdpConfig({ DEV_IDP_PORT: 'x', DEV_IDP_CODE_TTL_S: '0' });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems.join('\n')).toMatch(
      /DEV_IDP_PORT[\s\S]*DEV_IDP_CODE_TTL_S/,
    );
  });
});
