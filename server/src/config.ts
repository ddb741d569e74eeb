import path from 'node:path';
import { isIP } from 'node:net';
import { z } from 'zod';
import type { RateLimit } from './lib/rate-limit.js';
import { defaultDeliverySettings, type DeliverySettings } from './jobs/delivery.js';
import type { JobSettings } from './jobs/runner.js';

const ZEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  BAOSONG_DATA: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  BAOSONG_ADMIN_PASSWORD: z.string().optional().or(z.literal('').transform(() => undefined)),
  BAOSONG_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  BAOSONG_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 7).default(12),
  BAOSONG_LOCKOUT_THRESHOLD: z.coerce.number().int().min(1).max(100).default(5),
  BAOSONG_LOCKOUT_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  BAOSONG_WEB_DIST: z.string().optional(),
  BAOSONG_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  BAOSONG_JOBS: z.enum(['on', 'off']).default('on'),
  BAOSONG_JOBS_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  BAOSONG_REMINDER_HOURS: z.coerce.number().min(0).max(24 * 30).default(24),
  BAOSONG_SMTP_HOST: z.string().optional().or(z.literal('').transform(() => undefined)),
  BAOSONG_SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(25),
  BAOSONG_SMTP_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  BAOSONG_SMTP_USER: z.string().optional(),
  BAOSONG_SMTP_PASS: z.string().optional(),
  BAOSONG_SMTP_FROM: z.string().default('baosong@localhost'),
  BAOSONG_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional().or(z.literal('').transform(() => undefined)),
  BAOSONG_WEBHOOK_SECRET: z.string().optional(),
  /** false, true (trust every hop), a hop count, or the proxies' addresses/CIDRs separated by commas. */
  BAOSONG_TRUST_PROXY: z
    .string()
    .trim()
    .default('false')
    .transform((v, ctx): TrustProxy => {
      if (v === 'false' || v === '') return false;
      if (v === 'true') return true;
      if (/^\d+$/.test(v)) return Number(v);
      const list = v.split(',').map((x) => x.trim()).filter(Boolean);
      if (list.every((x) => isIP(x.split('/')[0]!) !== 0 || ['loopback', 'linklocal', 'uniquelocal'].includes(x))) return list;
      ctx.addIssue({ code: 'custom', message: 'must be true, false, a hop count or a comma-separated list of addresses/CIDRs' });
      return z.NEVER;
    }),
  /** Seals TOTP secrets at rest (AES-256-GCM); every app process needs the same value. */
  BAOSONG_SECRET_KEY: z
    .string()
    .min(32, 'must be at least 32 characters')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Failed sign-in steps allowed per source address per window (password and second factor counted apart). */
  BAOSONG_LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(100000).default(30),
  BAOSONG_LOGIN_RATE_WINDOW_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
});

export type TrustProxy = boolean | number | string[];

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  adminPassword: string | undefined;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  webDist: string | undefined;
  logLevel: string;
  trustProxy: TrustProxy;
  secretKey: string | undefined;
  loginRateLimit: RateLimit;
  jobs: boolean;
  jobsIntervalMs: number;
  jobSettings: JobSettings;
};

export class ConfigError extends Error {}

/** Environment → typed config. Bad values are reported by variable name, never with a stack trace. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ZEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.BAOSONG_WEBHOOK_URL && !e.BAOSONG_WEBHOOK_SECRET) throw new ConfigError('Invalid configuration:\n  BAOSONG_WEBHOOK_SECRET: required when BAOSONG_WEBHOOK_URL is set');
  const delivery: DeliverySettings = {
    ...defaultDeliverySettings,
    smtp: e.BAOSONG_SMTP_HOST
      ? { host: e.BAOSONG_SMTP_HOST, port: e.BAOSONG_SMTP_PORT, secure: e.BAOSONG_SMTP_SECURE, user: e.BAOSONG_SMTP_USER || undefined, pass: e.BAOSONG_SMTP_PASS, from: e.BAOSONG_SMTP_FROM }
      : undefined,
    webhook: e.BAOSONG_WEBHOOK_URL ? { url: e.BAOSONG_WEBHOOK_URL, secret: e.BAOSONG_WEBHOOK_SECRET! } : undefined,
  };
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.BAOSONG_DATA),
    databaseUrl: e.DATABASE_URL,
    adminPassword: e.BAOSONG_ADMIN_PASSWORD,
    sessionIdleMinutes: e.BAOSONG_SESSION_IDLE_MINUTES,
    sessionMaxHours: e.BAOSONG_SESSION_MAX_HOURS,
    lockoutThreshold: e.BAOSONG_LOCKOUT_THRESHOLD,
    lockoutMinutes: e.BAOSONG_LOCKOUT_MINUTES,
    webDist: e.BAOSONG_WEB_DIST,
    logLevel: e.BAOSONG_LOG_LEVEL,
    trustProxy: e.BAOSONG_TRUST_PROXY,
    secretKey: e.BAOSONG_SECRET_KEY,
    loginRateLimit: { max: e.BAOSONG_LOGIN_RATE_LIMIT, windowSeconds: e.BAOSONG_LOGIN_RATE_WINDOW_MINUTES * 60 },
    jobs: e.BAOSONG_JOBS === 'on',
    jobsIntervalMs: e.BAOSONG_JOBS_INTERVAL_SECONDS * 1000,
    jobSettings: { remindBeforeMs: e.BAOSONG_REMINDER_HOURS * 3_600_000, delivery },
  };
}

/** Settings the app needs at request time (a subset of Config so tests can build an app without env). */
export type AppSettings = Pick<
  Config,
  | 'sessionIdleMinutes'
  | 'sessionMaxHours'
  | 'lockoutThreshold'
  | 'lockoutMinutes'
  | 'webDist'
  | 'trustProxy'
  | 'secretKey'
  | 'loginRateLimit'
>;
export const defaultAppSettings: AppSettings = {
  sessionIdleMinutes: 30,
  sessionMaxHours: 12,
  lockoutThreshold: 5,
  lockoutMinutes: 15,
  webDist: undefined,
  trustProxy: false,
  secretKey: undefined,
  loginRateLimit: { max: 30, windowSeconds: 15 * 60 },
};
