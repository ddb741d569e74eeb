import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

// argon2id with OWASP's second recommended profile (19 MiB, t=2, p=1).
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(pw: string): Promise<string> {
  return hash(pw, OPTIONS);
}

export async function verifyPassword(stored: string, pw: string): Promise<boolean> {
  try {
    return await verify(stored, pw);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/** Spend the same time on unknown user names as on wrong passwords. */
export async function burnVerify(pw: string): Promise<void> {
  dummyHash ??= hashPassword('not-a-real-password-Aa1!');
  await verifyPassword(await dummyHash, pw);
}

/** A random password that satisfies the policy (all four classes). */
export function randomPassword(length = 16): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '!@#%*-_+='];
  const all = sets.join('');
  const bytes = randomBytes(length);
  const chars = Array.from(bytes, (b, i) => (i < sets.length ? sets[i]! : all)[b % (i < sets.length ? sets[i]!.length : all.length)]!);
  // shuffle so the class-guaranteeing characters are not always first
  const order = randomBytes(length);
  return chars
    .map((c, i) => [order[i]!, c] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([, c]) => c)
    .join('');
}
