/** Recognises PostgreSQL error shapes across both drivers. */
export function pgCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur; i++) {
    const c = (cur as { code?: unknown }).code;
    if (typeof c === 'string' && /^[0-9A-Z]{5}$/.test(c)) return c;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  if (pgCode(e) !== '23505') return false;
  if (!constraint) return true;
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur; i++) {
    const c = (cur as { constraint?: unknown }).constraint;
    if (c === constraint) return true;
    const msg = (cur as { message?: unknown }).message;
    if (typeof msg === 'string' && msg.includes(constraint)) return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}

/** Connection lost / server shutting down / cannot connect: the request should get a 503, not a 500. */
export function isConnectionError(e: unknown): boolean {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08000', '08003', '08006'].includes(code))
        return true;
    }
    const msg = (cur as { message?: unknown }).message;
    if (typeof msg === 'string' && /Connection terminated|connection timeout|Client has encountered a connection error/i.test(msg))
      return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}
