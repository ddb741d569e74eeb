import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, newTotpSecret, otpauthUri, totpCode, totpStep } from './totp.js';

// RFC 6238 Appendix B: the seeds are the ASCII strings below; T0 = 0, X = 30 s, 8 digits.
const SEED_SHA1 = Buffer.from('12345678901234567890');
const SEED_SHA256 = Buffer.from('12345678901234567890123456789012');
const SEED_SHA512 = Buffer.from('1234567890123456789012345678901234567890123456789012345678901234');
const VECTORS: [number, string, string, string][] = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(VECTORS)('matches the RFC test vectors at T=%i', (t, sha1, sha256, sha512) => {
    const step = totpStep(t * 1000);
    expect(hotp(SEED_SHA1, step, 8, 'sha1')).toBe(sha1);
    expect(hotp(SEED_SHA256, step, 8, 'sha256')).toBe(sha256);
    expect(hotp(SEED_SHA512, step, 8, 'sha512')).toBe(sha512);
  });

  it('gives the 6-digit SHA-1 code an authenticator app shows (the RFC seed, base32)', () => {
    const secret = base32Encode(SEED_SHA1);
    expect(secret).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(totpCode(secret, 59_000)).toBe('287082');
    expect(totpCode(secret, 1_111_111_109_000)).toBe('081804');
  });

  it('base32 round-trips and ignores case, spaces and padding', () => {
    const s = newTotpSecret();
    expect(s).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Encode(base32Decode(s.toLowerCase().replace(/(.{4})/g, '$1 ')))).toBe(s);
    expect(base32Decode('MZXW6===').toString()).toBe('foo');
    expect(() => base32Decode('AB1C')).toThrow();
  });

  it('accepts the previous, current and next step, nothing further', () => {
    const secret = base32Encode(SEED_SHA1);
    const at = 1_234_567_890_000;
    const step = totpStep(at);
    expect(matchTotp(secret, totpCode(secret, at), at)).toBe(step);
    expect(matchTotp(secret, totpCode(secret, at - 30_000), at)).toBe(step - 1);
    expect(matchTotp(secret, totpCode(secret, at + 30_000), at)).toBe(step + 1);
    expect(matchTotp(secret, totpCode(secret, at - 60_000), at)).toBeNull();
    expect(matchTotp(secret, totpCode(secret, at + 60_000), at)).toBeNull();
    expect(matchTotp(secret, 'abcdef', at)).toBeNull();
    expect(matchTotp(secret, '1234567', at)).toBeNull();
  });

  it('refuses a step already used (no replay)', () => {
    const secret = newTotpSecret();
    const at = Date.now();
    const code = totpCode(secret, at);
    const step = matchTotp(secret, code, at)!;
    expect(matchTotp(secret, code, at, step)).toBeNull();
    expect(matchTotp(secret, totpCode(secret, at + 30_000), at, step)).toBe(step + 1);
  });

  it('builds the otpauth URI', () => {
    const uri = otpauthUri('JBSWY3DPEHPK3PXP', 'zhang.san', '报送平台');
    expect(uri).toMatch(/^otpauth:\/\/totp\/%E6%8A%A5%E9%80%81%E5%B9%B3%E5%8F%B0%3Azhang\.san\?/);
    const q = new URL(uri).searchParams;
    expect(q.get('secret')).toBe('JBSWY3DPEHPK3PXP');
    expect(q.get('digits')).toBe('6');
    expect(q.get('period')).toBe('30');
  });
});
