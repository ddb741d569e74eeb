import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  pass?: string;
  from: string;
}
export interface WebhookSettings {
  url: string;
  secret: string;
}
export interface DeliverySettings {
  smtp?: SmtpSettings;
  webhook?: WebhookSettings;
  /** First retry after this long; each further one waits twice as long (capped at an hour). */
  backoffBaseMs: number;
  /** After this many failed attempts a message is marked failed (an administrator may retry it). */
  maxAttempts: number;
}
export const defaultDeliverySettings: DeliverySettings = { backoffBaseMs: 60_000, maxAttempts: 8 };

export interface OutgoingMessage {
  channel: string;
  recipient: string;
  subject: string;
  body: string;
  payload: Record<string, unknown> | null;
  id: number;
}

/** The header carrying the webhook signature: `sha256=` + hex HMAC-SHA256 of the raw body with the shared secret. */
export const SIGNATURE_HEADER = 'x-baosong-signature';

export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Sends one message or throws with a readable reason. */
export async function deliver(m: OutgoingMessage, s: DeliverySettings): Promise<void> {
  if (m.channel === 'email') {
    if (!s.smtp) throw new Error('SMTP is not configured (BAOSONG_SMTP_HOST)');
    const transport = nodemailer.createTransport({
      host: s.smtp.host,
      port: s.smtp.port,
      secure: s.smtp.secure,
      auth: s.smtp.user ? { user: s.smtp.user, pass: s.smtp.pass ?? '' } : undefined,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 30_000,
      // Office mail servers on an intranet often have self-signed certificates.
      tls: { rejectUnauthorized: false },
    });
    try {
      await transport.sendMail({ from: s.smtp.from, to: m.recipient, subject: m.subject, text: m.body, headers: { 'X-Baosong-Message': String(m.id) } });
    } finally {
      transport.close();
    }
    return;
  }
  if (m.channel === 'webhook') {
    if (!s.webhook) throw new Error('the webhook is not configured (BAOSONG_WEBHOOK_URL)');
    const body = JSON.stringify({ id: m.id, subject: m.subject, text: m.body, ...(m.payload ?? {}) });
    const res = await fetch(m.recipient, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', [SIGNATURE_HEADER]: signBody(body, s.webhook.secret), 'x-baosong-message': String(m.id) },
      body,
      signal: AbortSignal.timeout(15_000),
    });
    if (!res.ok) throw new Error(`webhook answered HTTP ${res.status}`);
    return;
  }
  throw new Error(`unknown channel ${m.channel}`);
}
