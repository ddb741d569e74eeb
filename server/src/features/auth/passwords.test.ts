import { describe, expect, it } from 'vitest';
import { passwordIsStrong } from '@baosong/contract';
import { hashPassword, randomPassword, verifyPassword } from './passwords.js';
import { sessionExpired, tokenId, newToken } from './sessions.js';

describe('randomPassword', () => {
  it('always meets the password policy, with all four character classes', () => {
    for (let i = 0; i < 500; i++) {
      const pw = randomPassword();
      expect(pw).toHaveLength(16);
      expect(passwordIsStrong(pw), pw).toBe(true);
      for (const cls of [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/]) expect(pw, pw).toMatch(cls);
    }
  });

  it('avoids look-alike characters and differs each time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const pw = randomPassword(12);
      expect(pw).toHaveLength(12);
      expect(pw).not.toMatch(/[Il1O0o]/);
      seen.add(pw);
    }
    expect(seen.size).toBe(200);
  });
});

describe('hashPassword / verifyPassword', () => {
  it('verifies the right password only', async () => {
    const h = await hashPassword('Correct-Horse-9');
    expect(h).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(h, 'Correct-Horse-9')).toBe(true);
    expect(await verifyPassword(h, 'correct-horse-9')).toBe(false);
  });

  it('answers false, not an exception, for a malformed stored hash', async () => {
    expect(await verifyPassword('not-a-hash', 'whatever')).toBe(false);
  });
});

describe('session tokens', () => {
  it('stores only a hash of the token', () => {
    const t = newToken();
    expect(t.length).toBeGreaterThanOrEqual(43);
    expect(tokenId(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenId(t)).toBe(tokenId(t));
    expect(tokenId(t)).not.toBe(tokenId(newToken()));
  });

  it('expires sessions idle too long or past their end', () => {
    const now = new Date('2026-03-01T10:00:00Z');
    const later = new Date('2026-03-01T20:00:00Z');
    expect(sessionExpired({ lastSeenAt: new Date('2026-03-01T09:45:00Z'), expiresAt: later }, 30, now)).toBe(false);
    expect(sessionExpired({ lastSeenAt: new Date('2026-03-01T09:29:00Z'), expiresAt: later }, 30, now)).toBe(true);
    expect(sessionExpired({ lastSeenAt: now, expiresAt: now }, 30, now)).toBe(true);
  });
});
