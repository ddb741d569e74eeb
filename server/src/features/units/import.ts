import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { TImportResult, TImportRowError, TLocale } from '@baosong/contract';
import type { Database } from '../../db/connect.js';
import { unitGroups, units } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { writeAudit } from '../../lib/audit.js';
import type { Actor } from '../../lib/policy.js';
import { importMessage as m } from '../../lib/import-messages.js';
import { buildTemplate, readSheet, UnreadableWorkbook } from '../../render/xlsx.js';

const H = { name: '单位名称', shortName: '简称', group: '分组', contactName: '联系人', contactPhone: '联系电话', contactEmail: '电子邮箱' };
const HEADERS = Object.values(H);
const EXAMPLE = ['沧州市示例局', '市示例局', '市直部门', '张三', '0317-1234567', 'xxk@example.gov.cn'];

export async function unitTemplate(database: Database): Promise<Buffer> {
  const groups = await database.db.select({ name: unitGroups.name }).from(unitGroups).orderBy(unitGroups.sortOrder);
  return buildTemplate(
    '报送单位',
    [
      { header: H.name, width: 32, required: true, example: EXAMPLE[0] },
      { header: H.shortName, width: 16, example: EXAMPLE[1] },
      { header: H.group, width: 14, required: true, list: groups.map((g) => g.name), example: EXAMPLE[2] },
      { header: H.contactName, width: 12, example: EXAMPLE[3] },
      { header: H.contactPhone, width: 18, example: EXAMPLE[4] },
      { header: H.contactEmail, width: 28, example: EXAMPLE[5] },
    ],
    [
      '报送单位导入说明',
      '1. 带＊的列为必填。第 2 行为示例，可直接覆盖或删除；原样保留的示例行不会导入。',
      '2. “分组”须为系统中已有的分组：' + groups.map((g) => g.name).join('、') + '。',
      '3. 单位名称与系统中已有单位相同的，按本表更新该单位的信息；其余新建。',
      '4. 文件中任何一行有错误时，整个文件都不会导入；请按提示逐行修改后重新上传。',
    ],
  );
}

export async function importUnits(database: Database, actor: Actor, buf: Buffer, locale: TLocale, ip?: string): Promise<TImportResult> {
  let rows;
  try {
    rows = await readSheet(buf, HEADERS, EXAMPLE);
  } catch (e) {
    if (e instanceof UnreadableWorkbook) throw new AppError('IMPORT_UNREADABLE', 400);
    throw e;
  }
  const { db } = database;
  const groups = new Map((await db.select().from(unitGroups)).map((g) => [g.name, g.id]));
  const existing = new Map((await db.select({ id: units.id, name: units.name }).from(units)).map((u) => [u.name, u.id]));
  const errors: TImportRowError[] = [];
  const seen = new Map<string, number>();
  const valid: { id?: number; name: string; shortName: string | null; groupId: number; contactName: string | null; contactPhone: string | null; contactEmail: string | null }[] = [];
  if (rows.length === 0) errors.push({ row: 1, column: null, message: m(locale, 'empty') });
  for (const { row, values: v } of rows) {
    const err = (column: string, message: string) => errors.push({ row, column, message });
    const before = errors.length;
    const name = v[H.name]!;
    if (!name) err(H.name, m(locale, 'required'));
    else if (name.length < 2) err(H.name, m(locale, 'tooShort', { min: 2 }));
    else if (name.length > 100) err(H.name, m(locale, 'tooLong', { max: 100 }));
    else if (seen.has(name)) err(H.name, m(locale, 'duplicateInFile', { row: seen.get(name)! }));
    else seen.set(name, row);
    if (v[H.shortName]!.length > 30) err(H.shortName, m(locale, 'tooLong', { max: 30 }));
    const groupName = v[H.group]!;
    const groupId = groups.get(groupName);
    if (!groupName) err(H.group, m(locale, 'required'));
    else if (!groupId) err(H.group, m(locale, 'unknownGroup', { v: groupName }));
    if (v[H.contactName]!.length > 50) err(H.contactName, m(locale, 'tooLong', { max: 50 }));
    if (v[H.contactPhone]!.length > 40) err(H.contactPhone, m(locale, 'tooLong', { max: 40 }));
    const email = v[H.contactEmail]!;
    if (email && !z.email().safeParse(email).success) err(H.contactEmail, m(locale, 'badEmail'));
    if (errors.length === before) {
      valid.push({
        id: existing.get(name),
        name,
        shortName: v[H.shortName] || null,
        groupId: groupId!,
        contactName: v[H.contactName] || null,
        contactPhone: v[H.contactPhone] || null,
        contactEmail: email || null,
      });
    }
  }
  if (errors.length) throw new AppError('IMPORT_INVALID', 422, { count: errors.length }, errors);
  return db.transaction(async (tx) => {
    let created = 0;
    let updated = 0;
    for (const { id, ...fields } of valid) {
      if (id) {
        await tx.update(units).set({ ...fields, updatedAt: new Date() }).where(eq(units.id, id));
        updated++;
      } else {
        await tx.insert(units).values(fields);
        created++;
      }
    }
    await writeAudit(tx, { actor, action: 'unit.import', targetType: 'unit', ip, outcome: 'ok', details: { created, updated } });
    return { created, updated };
  });
}
