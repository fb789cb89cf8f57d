import { isSecretShaped, newSecret, seal, storeKeyOf, unseal } from './session-crypto';

describe('session crypto', () => {
  it('makes 256-bit base64url secrets', () => {
    const a = newSecret();
    expect(isSecretShaped(a)).toBe(true);
    expect(a).not.toBe(newSecret());
    expect(isSecretShaped('short')).toBe(false);
    expect(isSecretShaped(`${'a'.repeat(42)}=`)).toBe(false);
  });

  it('stores by hash, never by the secret itself', () => {
    const id = newSecret();
    expect(storeKeyOf(id)).toBe(storeKeyOf(id));
    expect(storeKeyOf(id)).not.toContain(id);
  });

  it('seals data only the session id can open, and detects tampering', () => {
    const id = newSecret();
    const sealed = seal(id, '{"token":"secret"}');
    expect(sealed).not.toContain('secret');
    expect(unseal(id, sealed)).toBe('{"token":"secret"}');
    expect(unseal(newSecret(), sealed)).toBeUndefined();
    const raw = Buffer.from(sealed, 'base64url');
    raw[raw.length - 1] ^= 1;
    expect(unseal(id, raw.toString('base64url'))).toBeUndefined();
    expect(unseal(id, 'AAAA')).toBeUndefined();
  });
});
