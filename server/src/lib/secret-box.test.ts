import { describe, expect, it } from 'vitest';
import { openSecret, sealSecret, SecretKeyMissingError } from './secret-box.js';

const KEY = 'a-long-instance-key-for-tests-0123456789';

describe('secret box', () => {
  it('seals with the key: the stored text does not contain the secret, and opens back', () => {
    const sealed = sealSecret('JBSWY3DPEHPK3PXP', KEY);
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(sealSecret('JBSWY3DPEHPK3PXP', KEY)).not.toBe(sealed); // fresh IV each time
    expect(openSecret(sealed, KEY)).toBe('JBSWY3DPEHPK3PXP');
  });

  it('refuses a wrong key, a tampered value, or no key', () => {
    const sealed = sealSecret('JBSWY3DPEHPK3PXP', KEY);
    expect(() => openSecret(sealed, KEY + 'x')).toThrow();
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[raw.length - 1] = raw[raw.length - 1]! ^ 1;
    expect(() => openSecret(`v1:${raw.toString('base64')}`, KEY)).toThrow();
    expect(() => openSecret(sealed, undefined)).toThrow(SecretKeyMissingError);
  });

  it('without a key stores plain (marked), and still reads plain values once a key is set', () => {
    expect(sealSecret('ABC', undefined)).toBe('plain:ABC');
    expect(openSecret('plain:ABC', undefined)).toBe('ABC');
    expect(openSecret('plain:ABC', KEY)).toBe('ABC');
  });
});
