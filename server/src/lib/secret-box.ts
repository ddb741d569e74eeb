import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Secrets the server must read back (TOTP seeds) are sealed with AES-256-GCM under a key derived from
 * BAOSONG_SECRET_KEY. Without that key they are stored as they are, marked `plain:`: the database's own protection
 * is then all they have (docs/operations.md says so and how to turn sealing on). Sealed values read with the key
 * only; every app process must be given the same key.
 */
export class SecretKeyMissingError extends Error {}

function deriveKey(secretKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secretKey, 'utf8'), Buffer.from('baosong'), Buffer.from('secret-box v1'), 32));
}

export function sealSecret(plain: string, secretKey: string | undefined): string {
  if (!secretKey) return `plain:${plain}`;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(secretKey), iv);
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `v1:${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64')}`;
}

export function openSecret(sealed: string, secretKey: string | undefined): string {
  if (sealed.startsWith('plain:')) return sealed.slice('plain:'.length);
  if (!sealed.startsWith('v1:')) throw new Error('unknown secret format');
  if (!secretKey) throw new SecretKeyMissingError('BAOSONG_SECRET_KEY is needed to read a sealed secret');
  const raw = Buffer.from(sealed.slice(3), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', deriveKey(secretKey), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
