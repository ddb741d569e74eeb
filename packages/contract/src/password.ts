export const PASSWORD_MIN_LENGTH = 10;

/** Password policy: length and at least three of four character classes (等保 practice). */
export function passwordIsStrong(pw: string): boolean {
  if (pw.length < PASSWORD_MIN_LENGTH || pw.length > 128) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(pw)).length;
  return classes >= 3;
}
