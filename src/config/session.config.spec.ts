import { parseSessionConfig } from './session.config';

describe('parseSessionConfig', () => {
  it('defaults to the embedded file store and production-grade cookies only in production', () => {
    const dev = parseSessionConfig({}, false);
    expect(dev).toMatchObject({
      ok: true,
      value: {
        store: { kind: 'file', dataDir: './data/sessions' },
        idleTimeoutS: 1800,
        absoluteTimeoutS: 28800,
        secureCookies: false,
      },
    });
    expect(parseSessionConfig({}, true)).toMatchObject({
      ok: true,
      value: { secureCookies: true },
    });
  });

  it('uses Redis when REDIS_URL is set, unless SESSION_STORE=file', () => {
    expect(parseSessionConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }, false)).toMatchObject({
      ok: true,
      value: { store: { kind: 'redis' } },
    });
    expect(
      parseSessionConfig({ REDIS_URL: 'redis://x', SESSION_STORE: 'file' }, false),
    ).toMatchObject({ ok: true, value: { store: { kind: 'file' } } });
  });

  it('reports every problem', () => {
    const result = parseSessionConfig(
      {
        SESSION_STORE: 'redis',
        SESSION_IDLE_TIMEOUT_S: '600',
        SESSION_ABSOLUTE_TIMEOUT_S: '60',
        SESSION_SECURE_COOKIES: 'false',
      },
      true,
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toEqual([
        'REDIS_URL: required when SESSION_STORE=redis',
        'SESSION_ABSOLUTE_TIMEOUT_S: must not be shorter than SESSION_IDLE_TIMEOUT_S',
        'SESSION_SECURE_COOKIES: cannot be false in production',
      ]);
    }
    expect(parseSessionConfig({ REDIS_URL: 'http://x' }, false).ok).toBe(false);
  });
});
