import { currentLocale } from '../i18n';

/** An error answered by the server (problem+json), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** Called when the server says the session is gone, so the app can show the login page. */
let onUnauthenticated: (() => void) | null = null;
export function setOnUnauthenticated(fn: () => void) {
  onUnauthenticated = fn;
}

export async function request<T>(method: string, url: string, body?: unknown, opts: { raw?: Blob; contentType?: string } = {}): Promise<T> {
  const headers: Record<string, string> = { 'accept-language': currentLocale.value };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let payload: BodyInit | undefined;
  if (opts.raw) {
    payload = opts.raw;
    headers['content-type'] = opts.contentType ?? 'application/octet-stream';
  } else if (body !== undefined || method !== 'GET') {
    payload = JSON.stringify(body ?? {});
    headers['content-type'] = 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK', currentLocale.value === 'en' ? 'Cannot reach the server' : '无法连接服务器');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const data: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const p = (data ?? {}) as { code?: string; message?: string; details?: unknown };
    // A wrong password or code at sign-in is not a lost session.
    if (res.status === 401 && !url.startsWith('/api/auth/login')) onUnauthenticated?.();
    throw new ApiError(res.status, p.code ?? 'HTTP_' + res.status, p.message ?? res.statusText, p.details);
  }
  return data as T;
}

export const api = {
  get: <T>(url: string) => request<T>('GET', url),
  post: <T>(url: string, body?: unknown) => request<T>('POST', url, body),
  patch: <T>(url: string, body?: unknown) => request<T>('PATCH', url, body),
  put: <T>(url: string, body?: unknown) => request<T>('PUT', url, body),
  del: <T = void>(url: string) => request<T>('DELETE', url),
  upload: <T>(url: string, file: Blob, contentType: string) => request<T>('POST', url, undefined, { raw: file, contentType }),
};

/** Query string from an object, leaving out empty values. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') s.set(k, String(v));
  const str = s.toString();
  return str ? `?${str}` : '';
}
