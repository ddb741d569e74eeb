import { describe, expect, it } from 'vitest';
import { passwordIsStrong, PASSWORD_MIN_LENGTH } from './password.js';

describe('passwordIsStrong', () => {
  it('requires the minimum length', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(10);
    expect(passwordIsStrong('Aa1!Aa1!A')).toBe(false); // 9 characters, all four classes
    expect(passwordIsStrong('Aa1!Aa1!Aa')).toBe(true); // 10
  });

  it('requires three of the four character classes', () => {
    expect(passwordIsStrong('abcdefghij')).toBe(false); // lower only
    expect(passwordIsStrong('abcdefghi1')).toBe(false); // lower + digit
    expect(passwordIsStrong('ABCDEFGH1!')).toBe(true); // upper + digit + symbol
    expect(passwordIsStrong('abcdefgh1!')).toBe(true); // lower + digit + symbol
    expect(passwordIsStrong('Abcdefghi1')).toBe(true); // upper + lower + digit
    expect(passwordIsStrong('Abcdefghi!')).toBe(true); // upper + lower + symbol
    expect(passwordIsStrong('1234567890')).toBe(false);
  });

  it('counts non-ASCII characters as symbols', () => {
    expect(passwordIsStrong('密码abcdefg1')).toBe(true); // lower + digit + 密码
    expect(passwordIsStrong('密码密码密码密码密码')).toBe(false);
  });

  it('refuses passwords longer than 128 characters', () => {
    expect(passwordIsStrong(`Aa1!${'x'.repeat(124)}`)).toBe(true);
    expect(passwordIsStrong(`Aa1!${'x'.repeat(125)}`)).toBe(false);
  });
});
