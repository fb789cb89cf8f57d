import { createHash } from 'node:crypto';
import { newCodeVerifier, S256_CHALLENGE_SHAPE, s256Challenge, verifierMatches } from './pkce';

describe('verifierMatches (RFC 7636)', () => {
  const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
  const challenge = createHash('sha256').update(verifier).digest('base64url');

  it('accepts the verifier of the challenge (RFC 7636 appendix B)', () => {
    expect(challenge).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    expect(verifierMatches(verifier, challenge)).toBe(true);
  });

  it('refuses another verifier, a short one, and the challenge itself', () => {
    expect(verifierMatches(`${verifier.slice(0, -1)}x`, challenge)).toBe(false);
    expect(verifierMatches('short', challenge)).toBe(false);
    expect(verifierMatches(challenge, challenge)).toBe(false);
  });
});

describe('newCodeVerifier and s256Challenge', () => {
  it('make a verifier the checking side accepts, with the RFC 7636 appendix B challenge', () => {
    expect(s256Challenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
    const made = newCodeVerifier();
    expect(made).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s256Challenge(made)).toMatch(S256_CHALLENGE_SHAPE);
    expect(verifierMatches(made, s256Challenge(made))).toBe(true);
    expect(newCodeVerifier()).not.toBe(made);
  });
});
