import type { IncomingMessage } from 'node:http';

type RequestIdModule = typeof import('./request-id');

/** A fresh copy of the module, as a new process (another instance, a restart) would load it. */
function freshModule(): RequestIdModule {
  let loaded: RequestIdModule | undefined;
  jest.isolateModules(() => {
    loaded = jest.requireActual<RequestIdModule>('./request-id');
  });
  if (!loaded) throw new Error('module did not load');
  return loaded;
}

const withHeader = (value?: string): IncomingMessage =>
  ({ headers: value === undefined ? {} : { 'x-request-id': value } }) as IncomingMessage;

describe('request ids', () => {
  it('never repeats within a process', () => {
    const { newRequestId } = freshModule();
    const ids = new Set(Array.from({ length: 100_000 }, () => newRequestId()));
    expect(ids.size).toBe(100_000);
  });

  it('differ between processes from their first id on', () => {
    const first = Array.from({ length: 20 }, () => freshModule().newRequestId());
    expect(new Set(first).size).toBe(20);
    for (const id of first) expect(id).toMatch(/^[0-9a-f]{12}-1$/);
  });

  it('keeps a plain caller id and replaces one that could forge a log line', () => {
    const { requestIdFor } = freshModule();
    expect(requestIdFor(withHeader('trace-42'))).toBe('trace-42');
    for (const hostile of ['x"}\n{"level":60', '', 'a'.repeat(129), 'a b'])
      expect(requestIdFor(withHeader(hostile))).toMatch(/^[0-9a-f]{12}-[0-9a-z]+$/);
    expect(requestIdFor(withHeader())).toMatch(/^[0-9a-f]{12}-[0-9a-z]+$/);
  });
});
