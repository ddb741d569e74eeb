import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

/** The environment of scheduled work and delivery: defaults, values, and clear refusals. */
describe('configuration of scheduled work and delivery', () => {
  it('defaults: jobs on every 30 s, reminders 24 h ahead, no e-mail and no webhook', () => {
    const c = loadConfig({});
    expect(c.jobs).toBe(true);
    expect(c.jobsIntervalMs).toBe(30_000);
    expect(c.jobSettings.remindBeforeMs).toBe(24 * 3_600_000);
    expect(c.jobSettings.delivery.smtp).toBeUndefined();
    expect(c.jobSettings.delivery.webhook).toBeUndefined();
  });

  it('reads SMTP and webhook settings', () => {
    const c = loadConfig({
      BAOSONG_JOBS: 'off',
      BAOSONG_REMINDER_HOURS: '6',
      BAOSONG_SMTP_HOST: 'mail.example.gov.cn',
      BAOSONG_SMTP_PORT: '465',
      BAOSONG_SMTP_SECURE: 'true',
      BAOSONG_SMTP_USER: 'xxk',
      BAOSONG_SMTP_PASS: 'secret',
      BAOSONG_SMTP_FROM: '信息科 <xxk@example.gov.cn>',
      BAOSONG_WEBHOOK_URL: 'https://sms.example.gov.cn/hook',
      BAOSONG_WEBHOOK_SECRET: 'k',
    });
    expect(c.jobs).toBe(false);
    expect(c.jobSettings.remindBeforeMs).toBe(6 * 3_600_000);
    expect(c.jobSettings.delivery.smtp).toEqual({ host: 'mail.example.gov.cn', port: 465, secure: true, user: 'xxk', pass: 'secret', from: '信息科 <xxk@example.gov.cn>' });
    expect(c.jobSettings.delivery.webhook).toEqual({ url: 'https://sms.example.gov.cn/hook', secret: 'k' });
  });

  it('refuses a webhook without a secret, a bad URL and a bad port, naming the variable', () => {
    expect(() => loadConfig({ BAOSONG_WEBHOOK_URL: 'https://sms.example.gov.cn/hook' })).toThrow(/BAOSONG_WEBHOOK_SECRET/);
    expect(() => loadConfig({ BAOSONG_WEBHOOK_URL: 'ftp://x', BAOSONG_WEBHOOK_SECRET: 'k' })).toThrow(ConfigError);
    expect(() => loadConfig({ BAOSONG_SMTP_PORT: '99999' })).toThrow(/BAOSONG_SMTP_PORT/);
    expect(() => loadConfig({ BAOSONG_JOBS: 'maybe' })).toThrow(/BAOSONG_JOBS/);
  });
});

describe('configuration of sign-in hardening', () => {
  it('defaults: no proxy trusted, no secret key, 30 failures per 15 minutes per address', () => {
    const c = loadConfig({});
    expect(c.trustProxy).toBe(false);
    expect(c.secretKey).toBeUndefined();
    expect(c.loginRateLimit).toEqual({ max: 30, windowSeconds: 900 });
  });

  it('takes a proxy as true, a hop count, or addresses/CIDRs', () => {
    expect(loadConfig({ BAOSONG_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ BAOSONG_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ BAOSONG_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8']);
    expect(() => loadConfig({ BAOSONG_TRUST_PROXY: 'yes please' })).toThrow(/BAOSONG_TRUST_PROXY/);
  });

  it('reads the limits and the key, and refuses a short key', () => {
    const c = loadConfig({ BAOSONG_LOGIN_RATE_LIMIT: '10', BAOSONG_LOGIN_RATE_WINDOW_MINUTES: '5', BAOSONG_SECRET_KEY: 'k'.repeat(32) });
    expect(c.loginRateLimit).toEqual({ max: 10, windowSeconds: 300 });
    expect(c.secretKey).toBe('k'.repeat(32));
    expect(() => loadConfig({ BAOSONG_SECRET_KEY: 'short' })).toThrow(/BAOSONG_SECRET_KEY: must be at least 32 characters/);
    expect(() => loadConfig({ BAOSONG_LOGIN_RATE_LIMIT: '0' })).toThrow(/BAOSONG_LOGIN_RATE_LIMIT/);
  });
});
