import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import type { TOutboxMessage, TSolicitation } from '@baosong/contract';
import { ADMIN_PASSWORD, api, count, createTestApp, login, seedUnit, seedUser, USER_PASSWORD, type Api, type TestApp } from '../test/harness.js';
import { articleAction, expectStatus } from '../test/periodicals.js';
import { openPostgres, type Database } from '../db/connect.js';
import { now, resetClock, shiftClock } from '../lib/clock.js';
import { signBody, SIGNATURE_HEADER, type DeliverySettings } from './delivery.js';
import { runJobsOnce, type JobSettings } from './runner.js';

/**
 * Scheduled work against real servers: an SMTP server (smtp-server) and an HTTP server for the webhook, both started
 * here. Reminders before the deadline and missing notices after it reach the units in-app and by e-mail; a mail
 * server that is down gets the message later, with backoff, exactly once; webhook messages are signed; and two
 * processes sharing one PostgreSQL never send a message twice.
 */
interface Received {
  to: string[];
  raw: string;
}
const received: Received[] = [];
let smtp: SMTPServer | null = null;
let smtpPort = 0;

function startSmtp(port = 0): Promise<number> {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, cb) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        cb();
      });
    },
  });
  return new Promise((resolve) => smtp!.listen(port, '127.0.0.1', () => resolve((smtp!.server.address() as AddressInfo).port)));
}
function stopSmtp(): Promise<void> {
  return new Promise((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
}

const hooks: { body: string; signature: string }[] = [];
let hookStatus = 200;
const hookServer = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString('utf8')));
  req.on('end', () => {
    hooks.push({ body, signature: String(req.headers[SIGNATURE_HEADER] ?? '') });
    res.statusCode = hookStatus;
    res.end();
  });
});

let t: TestApp;
const as = {} as Record<'ed' | 'repa' | 'repb' | 'admin', Api>;
const unit = {} as Record<'a' | 'b', { id: number; name: string }>;
let delivery: DeliverySettings;
let jobs: JobSettings;
const HOUR = 3_600_000;
const SECRET = 'test-webhook-secret';

beforeAll(async () => {
  smtpPort = await startSmtp();
  await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', () => r()));
  const hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/sms`;
  delivery = {
    smtp: { host: '127.0.0.1', port: smtpPort, secure: false, from: '信息科 <xxk@example.gov.cn>' },
    webhook: { url: hookUrl, secret: SECRET },
    backoffBaseMs: 60_000,
    maxAttempts: 5,
  };
  jobs = { remindBeforeMs: 24 * HOUR, delivery };
  t = await createTestApp();
  unit.a = await seedUnit(t.database, '东光县人民政府');
  unit.b = await seedUnit(t.database, '献县人民政府');
  await seedUser(t.database, 'j_ed', ['editor']);
  const a = await seedUser(t.database, 'j_repa', ['reporter'], unit.a.id);
  const b = await seedUser(t.database, 'j_repb', ['reporter'], unit.b.id);
  const b2 = await seedUser(t.database, 'j_apprb', ['unit_approver'], unit.b.id);
  await t.database.query("update users set email = 'a@dongguang.example' where id = $1", [a.id]);
  await t.database.query("update users set email = 'b@xianxian.example' where id = $1", [b.id]);
  await t.database.query("update users set email = 'b2@xianxian.example' where id = $1", [b2.id]);
  await t.database.query("update users set phone = '13800000001' where id = $1", [b.id]);
  as.admin = api(t.app, await login(t.app, 'admin', ADMIN_PASSWORD));
  for (const k of ['ed', 'repa', 'repb'] as const) as[k] = api(t.app, await login(t.app, `j_${k}`, USER_PASSWORD));
});
afterEach(() => resetClock());
afterAll(async () => {
  await stopSmtp();
  await new Promise((r) => hookServer.close(r));
  await t?.close();
});

async function solicit(hours: number): Promise<TSolicitation> {
  const r = await as.ed.post('/api/solicitations', {
    topic: '关于优化营商环境的典型做法',
    requirements: '请各单位报送优化营商环境的典型做法。',
    deadline: new Date(now().getTime() + hours * HOUR).toISOString(),
    unitIds: [unit.a.id, unit.b.id],
  });
  return expectStatus(r, 201, 'solicit').json<TSolicitation>();
}
const outbox = async (state?: string) => expectStatus(await as.admin.get(`/api/outbox${state ? `?state=${state}` : ''}`), 200, 'outbox').json<TOutboxMessage[]>();
const noteKinds = async (who: Api) => (await who.get('/api/notifications')).json<{ items: { kind: string }[] }>().items.map((n) => n.kind);

describe('reminders and e-mail', () => {
  let s: TSolicitation;

  it('reminds only units that have not answered, in-app, by e-mail to each address and one webhook per unit; once', async () => {
    s = await solicit(30); // outside the 24-hour window: nothing yet
    expect((await runJobsOnce(t.database, jobs)).reminded).toBe(0);
    const art = expectStatus(await as.repa.post('/api/articles', { title: '我县优化营商环境的做法', bodyHtml: '<p>我县推行“一窗受理”。</p>', type: 'experience', solicitationId: s.id }), 201, 'answer').json<{ id: number }>();
    await articleAction(as.repa, art.id, 'submit');
    shiftClock(8 * HOUR);
    const round = await runJobsOnce(t.database, jobs);
    expect(round.reminded).toBe(1);
    expect(round.sent).toBe(3); // two e-mails to unit B's people, one webhook for unit B
    expect(received.flatMap((m) => m.to).sort()).toEqual(['b2@xianxian.example', 'b@xianxian.example']);
    expect(received[0]!.raw).toContain('X-Baosong-Message');
    expect(await noteKinds(as.repb)).toContain('solicitation.remind');
    expect(await noteKinds(as.repa)).not.toContain('solicitation.remind');
    const hook = JSON.parse(hooks[0]!.body);
    expect(hook).toMatchObject({ kind: 'solicitation.remind', solicitationId: s.id, unitId: unit.b.id });
    expect(hook.recipients).toEqual([{ userId: expect.any(Number), name: '测试用户 j_repb', phone: '13800000001' }]);
    expect(hooks[0]!.signature).toBe(signBody(hooks[0]!.body, SECRET));
    expect(hooks[0]!.signature).not.toBe(signBody(hooks[0]!.body, 'another secret'));
    const again = await runJobsOnce(t.database, jobs);
    expect(again).toMatchObject({ reminded: 0, sent: 0 });
    expect(received).toHaveLength(2);
    expect((await outbox('sent')).length).toBe(3);
  });

  it('with the mail server down: a clear error, retry with backoff, then delivered exactly once', async () => {
    await stopSmtp();
    received.length = 0;
    shiftClock(30 * HOUR); // past the deadline: unit B is missing
    const round = await runJobsOnce(t.database, jobs);
    expect(round.swept).toBe(1);
    expect(round.failed).toBe(2); // the two e-mails; the webhook went through
    expect(await noteKinds(as.repb)).toContain('solicitation.missing');
    expect(await noteKinds(as.ed)).toContain('solicitation.missing');
    const pending = (await outbox('pending')).filter((m) => m.channel === 'email');
    expect(pending).toHaveLength(2);
    for (const m of pending) {
      expect(m.attempts).toBe(1);
      expect(m.lastError).toMatch(/ECONNREFUSED|connect/i);
      expect(new Date(m.nextAttemptAt).getTime()).toBeGreaterThan(now().getTime());
    }
    // not due yet: nothing is attempted
    expect(await runJobsOnce(t.database, jobs)).toMatchObject({ sent: 0, failed: 0 });
    shiftClock(61_000);
    expect((await runJobsOnce(t.database, jobs)).failed).toBe(2);
    const second = (await outbox('pending')).filter((m) => m.channel === 'email');
    expect(second.every((m) => m.attempts === 2)).toBe(true);
    // the second wait is twice the first
    expect(new Date(second[0]!.nextAttemptAt).getTime() - now().getTime()).toBeGreaterThan(110_000);
    await startSmtp(smtpPort);
    shiftClock(121_000);
    expect((await runJobsOnce(t.database, jobs)).sent).toBe(2);
    shiftClock(10 * HOUR);
    expect((await runJobsOnce(t.database, jobs)).sent).toBe(0);
    expect(received.flatMap((m) => m.to).sort()).toEqual(['b2@xianxian.example', 'b@xianxian.example']);
    expect((await outbox('pending')).length).toBe(0);
  });

  it('gives up after the configured attempts; an administrator can send a failed message again', async () => {
    hookStatus = 500;
    await solicit(2);
    let guard = 0;
    while ((await outbox('failed')).length === 0 && guard++ < 10) {
      await runJobsOnce(t.database, jobs);
      shiftClock(2 * HOUR);
    }
    const failed = await outbox('failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]).toMatchObject({ channel: 'webhook', attempts: 5 });
    expect(failed[0]!.lastError).toContain('HTTP 500');
    hookStatus = 200;
    expect((await as.repb.post(`/api/outbox/${failed[0]!.id}/retry`)).statusCode).toBe(403);
    expect((await as.admin.post(`/api/outbox/${failed[0]!.id}/retry`)).statusCode).toBe(204);
    expect((await as.admin.post(`/api/outbox/${failed[0]!.id}/retry`)).statusCode).toBe(409);
    await runJobsOnce(t.database, jobs);
    expect((await outbox('sent')).map((m) => m.id)).toContain(failed[0]!.id);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('two app processes on one PostgreSQL', () => {
  let second: Database;
  beforeAll(async () => {
    const [r] = await t.database.query<{ db: string }>('select current_database() as db');
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${r!.db}`;
    second = await openPostgres(url.toString(), { max: 5 });
  });
  afterAll(async () => {
    await second?.close();
  });

  it('only one sends a given message, and only one reminds', async () => {
    received.length = 0;
    hooks.length = 0;
    const before = await count(t.database, 'notifications', "kind = 'solicitation.remind'");
    const many: string[] = [];
    for (let i = 0; i < 12; i++) {
      await seedUser(t.database, `j_many${i}`, ['reporter'], unit.a.id);
      many.push(`j_many${i}@many.example`);
    }
    await t.database.query("update users set email = username || '@many.example' where username like 'j_many%'");
    await solicit(3);
    const rounds = await Promise.all([runJobsOnce(t.database, jobs), runJobsOnce(second, jobs), runJobsOnce(t.database, jobs), runJobsOnce(second, jobs)]);
    for (let i = 0; i < 3; i++) await Promise.all([runJobsOnce(t.database, jobs), runJobsOnce(second, jobs)]);
    expect(rounds.reduce((n, r) => n + r.reminded, 0)).toBe(1);
    const addresses = received.flatMap((m) => m.to);
    expect(addresses.filter((a) => a.endsWith('@many.example')).sort()).toEqual(many.sort());
    expect(new Set(addresses).size).toBe(addresses.length);
    expect(hooks.length).toBe(2);
    expect((await count(t.database, 'notifications', "kind = 'solicitation.remind'")) - before).toBe(12 + 3);
  });
});
