import { bindSession, sessionOf } from './request-session';
import type { Session } from './session-record';

const session = (id: string): Session => ({ id, key: `key-${id}` }) as unknown as Session;

describe('request session', () => {
  it('is read back from the request it was bound to; another request has none', () => {
    const request = {};
    bindSession(request, session('a'));
    expect(sessionOf(request)?.id).toBe('a');
    expect(sessionOf({})).toBeUndefined();
  });

  it('cannot be set from parsed input and stays out of serializations', () => {
    const request: Record<string, unknown> = {};
    Object.assign(request, JSON.parse('{"session":{"id":"forged"},"SESSION":{"id":"forged"}}'));
    expect(sessionOf(request)).toBeUndefined();
    bindSession(request, session('a'));
    expect(JSON.stringify(request)).not.toContain('key-a');
    expect(sessionOf(request)?.id).toBe('a');
  });
});
