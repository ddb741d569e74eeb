import type { TErrorCode } from '@baosong/contract';

/** A domain error: a stable code, an HTTP status and the parameters of its message. */
export class AppError extends Error {
  constructor(
    public readonly code: TErrorCode,
    public readonly status: number,
    public readonly params: Record<string, string | number> = {},
    public readonly details?: unknown,
  ) {
    super(code);
  }
}

export const notFound = () => new AppError('NOT_FOUND', 404);
export const forbidden = () => new AppError('FORBIDDEN', 403);
