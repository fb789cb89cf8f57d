import { canonicalJson, requestFingerprint } from './canonical-json';
import { ResponseSealer } from './response-sealer';

describe('ResponseSealer', () => {
  const sealer = new ResponseSealer(Buffer.alloc(32, 1));

  it('opens only with the same scope and key', () => {
    const sealed = sealer.seal('{"plainSecret":"s3cret"}', 'scope', 'key-1');
    expect(sealed).not.toContain('s3cret');
    expect(sealer.open(sealed, 'scope', 'key-1')).toBe('{"plainSecret":"s3cret"}');
    expect(() => sealer.open(sealed, 'scope', 'key-2')).toThrow();
    expect(() => sealer.open(sealed, 'other', 'key-1')).toThrow();
    expect(() => new ResponseSealer(Buffer.alloc(32, 2)).open(sealed, 'scope', 'key-1')).toThrow();
  });

  it('derives record ids that hide the key and differ per scope', () => {
    const id = sealer.recordId('scope', 'key-1');
    expect(id).not.toContain('key-1');
    expect(sealer.recordId('other', 'key-1')).not.toBe(id);
  });

  it('refuses a short pepper', () => {
    expect(() => new ResponseSealer(Buffer.alloc(8))).toThrow(/32 bytes/);
  });
});

describe('canonical JSON', () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,1]},"b":1}',
    );
    expect(requestFingerprint('op', { a: 1, b: 2 })).toBe(requestFingerprint('op', { b: 2, a: 1 }));
    expect(requestFingerprint('op', { a: [1, 2] })).not.toBe(
      requestFingerprint('op', { a: [2, 1] }),
    );
    expect(requestFingerprint('op1', {})).not.toBe(requestFingerprint('op2', {}));
  });
});
