import type { Principal } from './principal';
import { attachPrincipal, getPrincipal, realmOf, stampRealm } from './request-state';

const principal = (subject: string): Principal => ({
  kind: 'client',
  via: 'bearer',
  subject,
  organizationId: 'org_1',
  clientId: subject,
  scopes: new Set(['read']),
  permissions: new Set(),
  roles: new Set(),
  expiresAt: Math.floor(Date.now() / 1000) + 60,
  claims: {},
});

describe('request state', () => {
  it('remembers the principal and realm of a carrier, and nothing for another', () => {
    const request = { url: '/x' };
    stampRealm(request, 'api');
    attachPrincipal(request, principal('m2m_1'));
    expect(getPrincipal(request)?.subject).toBe('m2m_1');
    expect(realmOf(request)).toBe('api');
    expect(getPrincipal({ url: '/x' })).toBeUndefined();
  });

  it('cannot be forged or reached through what a request parser can write', () => {
    const request: Record<string, unknown> = {};
    const parsed = JSON.parse(
      '{"principal":{"subject":"admin"},"__proto__":{"principal":{"subject":"admin"}},"state":{}}',
    ) as Record<string, unknown>;
    Object.assign(request, parsed);
    expect(getPrincipal(request)).toBeUndefined();

    attachPrincipal(request, principal('m2m_1'));
    Object.assign(request, parsed);
    expect(getPrincipal(request)?.subject).toBe('m2m_1');
  });

  it('stays out of key listings and serializations of the carrier', () => {
    const request = { method: 'GET' };
    attachPrincipal(request, principal('m2m_1'));
    expect(Object.keys(request)).toEqual(['method']);
    expect(JSON.stringify(request)).toBe('{"method":"GET"}');
    for (const key of Object.getOwnPropertyNames(request)) expect(key).toBe('method');
  });

  it('works for carriers that cannot take a property (frozen contexts)', () => {
    const context = Object.freeze({ req: {} });
    stampRealm(context, 'api');
    attachPrincipal(context, principal('usr_1'));
    expect(getPrincipal(context)?.subject).toBe('usr_1');
    expect(realmOf(context)).toBe('api');
    expect(Object.getOwnPropertySymbols(context)).toEqual([]);
  });
});
