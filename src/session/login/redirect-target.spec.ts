import { redirectPathOrDefault, safeRedirectPath } from './redirect-target';

describe('safeRedirectPath', () => {
  it.each([
    ['/dashboard', '/dashboard'],
    ['/organization/settings?tab=a&b=1#top', '/organization/settings?tab=a&b=1#top'],
    ['/caf%C3%A9?q=%2F%2F', '/caf%C3%A9?q=%2F%2F'],
    ['/über', '/%C3%BCber'],
    ['/a/../sessions', '/sessions'],
  ])('keeps the same-site path %j', (next, expected) => {
    expect(safeRedirectPath(next)).toBe(expected);
  });

  it.each([
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/\t/evil.example',
    '/\r\n/evil.example',
    'https://evil.example',
    'http:evil.example',
    'javascript:alert(1)',
    '%2F%2Fevil.example',
    '/%2F%2Fevil.example',
    '/%2fevil.example',
    '/%5Cevil.example',
    '/%5cevil.example',
    '/%252F%252Fevil.example',
    '/%25252F%25252Fevil.example',
    '/%E0%A4%A',
    '/%6C%6F%67%6F%75%74',
    '/%09/evil.example',
    '/%0D%0A/evil.example',
    ' /dashboard',
    'dashboard',
    '',
    '/login?next=/x',
    '/logout',
    '/auth/callback?code=x',
    `/${'a'.repeat(3000)}`,
  ])('refuses %j', (next) => {
    expect(safeRedirectPath(next)).toBeUndefined();
  });

  it('refuses what is not a string', () => {
    expect(safeRedirectPath(['/a', '/b'])).toBeUndefined();
    expect(safeRedirectPath({ path: '/a' })).toBeUndefined();
    expect(redirectPathOrDefault(undefined)).toBe('/dashboard');
  });
});
