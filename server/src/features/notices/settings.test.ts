import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TNotice, TNoticeSettings } from '@baosong/contract';
import { ADMIN_PASSWORD, api, count, createTestApp, login, seedUser, USER_PASSWORD, type Api, type TestApp } from '../../test/harness.js';
import { expectStatus } from '../../test/periodicals.js';
import { resetClock, setClock } from '../../lib/clock.js';
import { DEFAULT_NOTICE_SETTINGS } from './settings.js';

/**
 * The issuing office's defaults for notices are an administrator's settings: a new draft takes its issuing office,
 * header mark, addressees, distribution block, requirements paragraphs and the next document number of the
 * sequence from them; drafts already made keep what they were made with.
 */
/** One entry of a zip file (stored or deflated). */
function zipEntry(buf: Buffer, want: string): string {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  let p = buf.readUInt32LE(eocd + 16);
  for (let i = 0; i < buf.readUInt16LE(eocd + 10); i++) {
    const nameLength = buf.readUInt16LE(p + 28);
    const local = buf.readUInt32LE(p + 42);
    if (buf.toString('utf8', p + 46, p + 46 + nameLength) === want) {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const raw = buf.subarray(start, start + buf.readUInt32LE(p + 20));
      return (buf.readUInt16LE(p + 10) === 8 ? inflateRawSync(raw) : raw).toString('utf8');
    }
    p += 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  throw new Error(`no ${want} in the zip`);
}

let t: TestApp;
let admin: Api;
let ed: Api;

const mine: TNoticeSettings = {
  issuingOffice: '沧州市人民政府办公室',
  mark: '沧州市人民政府办公室文件',
  office: '市政府办公室',
  addressees: '各县（市、区）人民政府，渤海新区管委会，市政府各部门',
  copyTo: '市委办公室，市人大常委会办公室',
  printedBy: '沧州市人民政府办公室秘书科',
  docNumberPrefix: '沧政办字',
  docNumberStart: 5,
  requirements: ['新的一年，要围绕中心服务大局。', '（一）要提高质量。'],
};

beforeAll(async () => {
  setClock(new Date('2015-01-12T02:00:00Z'));
  t = await createTestApp();
  await seedUser(t.database, 'ns_ed', ['editor']);
  admin = api(t.app, await login(t.app, 'admin', ADMIN_PASSWORD));
  ed = api(t.app, await login(t.app, 'ns_ed', USER_PASSWORD));
});
afterAll(async () => {
  resetClock();
  await t?.close();
});

describe('notice settings', () => {
  let before: TNotice;

  it('start from the seed-like defaults, which a draft uses', async () => {
    expect(expectStatus(await ed.get('/api/settings/notices'), 200, 'read').json()).toEqual(DEFAULT_NOTICE_SETTINGS);
    before = expectStatus(await ed.post('/api/notices', { period: { kind: 'annual', year: 2014 } }), 201, 'generate').json<TNotice>();
    expect(before.content).toMatchObject({ issuingOffice: '市人民政府办公室', addressees: DEFAULT_NOTICE_SETTINGS.addressees, copyTo: '' });
    expect(before.docNumber).toEqual({ prefix: '', year: 2015, number: 1 });
    expect(before.content.sections.find((s) => s.id === 'requirements')!.paragraphs).toHaveLength(DEFAULT_NOTICE_SETTINGS.requirements.length);
  });

  it('only an administrator changes them; bad values are refused whole', async () => {
    const audits = await count(t.database, 'audit_log', "action = 'settings.notices.update'");
    expectStatus(await ed.put('/api/settings/notices', mine), 403, 'editor writes');
    for (const bad of [
      { ...mine, requirements: [] },
      { ...mine, issuingOffice: '  ' },
      { ...mine, docNumberStart: 0 },
      { ...mine, docNumberPrefix: 'x'.repeat(21) },
    ]) {
      expectStatus(await admin.put('/api/settings/notices', bad), 400, 'bad settings');
    }
    expect(expectStatus(await ed.get('/api/settings/notices'), 200, 'unchanged').json()).toEqual(DEFAULT_NOTICE_SETTINGS);
    expect(await count(t.database, 'audit_log', "action = 'settings.notices.update'")).toBe(audits);

    expect(expectStatus(await admin.put('/api/settings/notices', mine), 200, 'admin writes').json()).toEqual(mine);
    expect(expectStatus(await ed.get('/api/settings/notices'), 200, 'read back').json()).toEqual(mine);
    expect(await count(t.database, 'audit_log', "action = 'settings.notices.update'")).toBe(audits + 1);
  });

  it('a new draft takes them; an older draft keeps its own', async () => {
    const n = expectStatus(await ed.post('/api/notices', { period: { kind: 'annual', year: 2014 } }), 201, 'generate').json<TNotice>();
    expect(n.content).toMatchObject({
      issuingOffice: mine.issuingOffice,
      mark: mine.mark,
      printedBy: mine.printedBy,
      addressees: mine.addressees,
      copyTo: mine.copyTo,
      date: '2015-01-12',
    });
    expect(n.docNumberText).toBe('沧政办字〔2015〕5号');
    const req = n.content.sections.find((s) => s.id === 'requirements')!;
    expect(req.heading).toBe('三、2015年政务信息报送工作要求');
    expect(req.paragraphs.map((p) => p.text)).toEqual(mine.requirements);

    const old = expectStatus(await ed.get(`/api/notices/${before.id}`), 200, 'older draft').json<TNotice>();
    expect(old.content.issuingOffice).toBe('市人民政府办公室');
    expect(old.content.mark).toBeUndefined();

    // The request may still say otherwise, and may ask for no number at all.
    const own = expectStatus(
      await ed.post('/api/notices', { period: { kind: 'monthly', year: 2014, month: 12 }, issuingOffice: '某办公室', docNumber: null }),
      201,
      'explicit',
    ).json<TNotice>();
    expect(own.content.issuingOffice).toBe('某办公室');
    expect(own.docNumber).toBeNull();

    // Releasing number 5 moves the sequence on to 6 for the next draft of that year.
    expectStatus(await ed.post(`/api/notices/${n.id}/release`, { rowVersion: n.rowVersion }), 200, 'release');
    const next = expectStatus(await ed.post('/api/notices', { period: { kind: 'monthly', year: 2015, month: 1 } }), 201, 'next').json<TNotice>();
    expect(next.docNumberText).toBe('沧政办字〔2015〕6号');
  });

  it('the .docx carries the red-header mark of the settings', async () => {
    const list = expectStatus(await ed.get('/api/notices'), 200, 'list').json<Array<{ id: number; state: string }>>();
    const released = list.find((x) => x.state === 'released')!;
    const res = expectStatus(await ed.get(`/api/notices/${released.id}/export.docx`), 200, 'docx');
    const text = zipEntry(res.rawPayload, 'word/document.xml').replace(/<[^>]+>/g, '');
    expect(text).toContain('沧州市人民政府办公室文件');
    expect(text).toContain('沧州市人民政府办公室秘书科');
    expect(text).toContain('沧政办字〔2015〕5号');
  });
});
