import type { FastifyRequest } from 'fastify';
import { AccessDeniedError } from '@scalekit-nest/auth';
import { isUnsafeMethod, verifyCsrf, verifySameOrigin } from './csrf';

const TOKEN = 't'.repeat(43);
const ORIGIN = 'https://app.example';

function requestWith(headers: Record<string, string>, body?: unknown): FastifyRequest {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { headers: lower, body, protocol: 'https' } as unknown as FastifyRequest;
}

const refused = (request: FastifyRequest) => () => verifyCsrf(request, TOKEN, ORIGIN);

describe('verifyCsrf', () => {
  it('accepts our origin with the token in the header or the form field', () => {
    expect(refused(requestWith({ origin: ORIGIN, 'x-csrf-token': TOKEN }))).not.toThrow();
    expect(
      refused(requestWith({ 'sec-fetch-site': 'same-origin' }, { _csrf: TOKEN })),
    ).not.toThrow();
    expect(
      refused(requestWith({ origin: 'null', 'sec-fetch-site': 'same-origin' }, { _csrf: TOKEN })),
    ).not.toThrow();
    expect(
      refused(
        requestWith({
          host: 'internal:3000',
          origin: 'https://internal:3000',
          'x-csrf-token': TOKEN,
        }),
      ),
    ).not.toThrow();
  });

  it('refuses another origin even with the token', () => {
    expect(refused(requestWith({ origin: 'https://evil.example', 'x-csrf-token': TOKEN }))).toThrow(
      AccessDeniedError,
    );
  });

  it('refuses a cross-site or same-site (sibling subdomain) fetch even with the token', () => {
    for (const site of ['cross-site', 'same-site', 'none']) {
      expect(refused(requestWith({ 'sec-fetch-site': site, 'x-csrf-token': TOKEN }))).toThrow(
        AccessDeniedError,
      );
    }
    expect(
      refused(requestWith({ origin: 'null', 'sec-fetch-site': 'cross-site' }, { _csrf: TOKEN })),
    ).toThrow();
  });

  it('refuses a request with neither Origin nor Sec-Fetch-Site, even with the token', () => {
    expect(refused(requestWith({ 'x-csrf-token': TOKEN }))).toThrow(AccessDeniedError);
    expect(refused(requestWith({ origin: 'null' }, { _csrf: TOKEN }))).toThrow(AccessDeniedError);
  });

  it('checks the origin on its own, without any session token', () => {
    expect(() => verifySameOrigin(requestWith({ origin: ORIGIN }), ORIGIN)).not.toThrow();
    expect(() =>
      verifySameOrigin(requestWith({ 'sec-fetch-site': 'same-origin' }), ORIGIN),
    ).not.toThrow();
    expect(() => verifySameOrigin(requestWith({ origin: 'https://evil.example' }), ORIGIN)).toThrow(
      AccessDeniedError,
    );
    expect(() => verifySameOrigin(requestWith({}), ORIGIN)).toThrow(AccessDeniedError);
  });

  it('refuses a missing, wrong or differently long token', () => {
    expect(refused(requestWith({ origin: ORIGIN }))).toThrow(/cross-site request forgery/);
    expect(refused(requestWith({ origin: ORIGIN, 'x-csrf-token': 'u'.repeat(43) }))).toThrow();
    expect(refused(requestWith({ origin: ORIGIN }, { _csrf: 'short' }))).toThrow();
    expect(refused(requestWith({ origin: ORIGIN }, { _csrf: [TOKEN] }))).toThrow();
  });

  it('answers 403 csrf_failed', () => {
    try {
      verifyCsrf(requestWith({}), TOKEN, ORIGIN);
    } catch (error) {
      expect((error as AccessDeniedError).getStatus()).toBe(403);
      expect((error as AccessDeniedError).code).toBe('csrf_failed');
    }
    expect.assertions(2);
  });

  it('knows the unsafe methods', () => {
    expect(['POST', 'PUT', 'PATCH', 'DELETE', 'post'].every(isUnsafeMethod)).toBe(true);
    expect(['GET', 'HEAD', 'OPTIONS'].some(isUnsafeMethod)).toBe(false);
  });
});
