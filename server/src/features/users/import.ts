import { eq } from 'drizzle-orm';
import { z } from 'zod';
import {
  passwordIsStrong,
  PASSWORD_MIN_LENGTH,
  ROLE_LABELS_ZH,
  ROLES,
  UNIT_ROLES,
  ZUsername,
  type TImportResult,
  type TImportRowError,
  type TLocale,
  type TRole,
} from '@baosong/contract';
import type { Database } from '../../db/connect.js';
import { units, users } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { writeAudit } from '../../lib/audit.js';
import type { Actor } from '../../lib/policy.js';
import { importMessage as m } from '../../lib/import-messages.js';
import { buildTemplate, readSheet, UnreadableWorkbook } from '../../render/xlsx.js';
import { hashPassword } from '../auth/passwords.js';

const H = { username: '用户名', displayName: '姓名', roles: '角色', unit: '所属单位', email: '电子邮箱', phone: '手机号', password: '初始密码' };
const HEADERS = Object.values(H);
const EXAMPLE = ['zhangsan', '张三', '信息员', '沧州市示例局', 'zhangsan@example.gov.cn', '13800000000', 'Example-Passw0rd'];

/** Accepts the Chinese role names, the code names, and any of 、，, ; as separators. */
function parseRoles(text: string): { roles: TRole[]; unknown: string[] } {
  const byLabel = new Map<string, TRole>(ROLES.map((r) => [ROLE_LABELS_ZH[r], r]));
  const roles: TRole[] = [];
  const unknown: string[] = [];
  for (const part of text.split(/[、，,;；\s]+/).filter(Boolean)) {
    const r = byLabel.get(part) ?? (ROLES as readonly string[]).find((x) => x === part.toLowerCase());
    if (r) roles.push(r as TRole);
    else unknown.push(part);
  }
  return { roles: [...new Set(roles)], unknown };
}

export async function userTemplate(database: Database): Promise<Buffer> {
  const unitNames = (await database.db.select({ name: units.name }).from(units).where(eq(units.active, true)).orderBy(units.id)).map((u) => u.name);
  return buildTemplate(
    '用户',
    [
      { header: H.username, width: 18, required: true, example: EXAMPLE[0] },
      { header: H.displayName, width: 12, required: true, example: EXAMPLE[1] },
      { header: H.roles, width: 22, required: true, example: EXAMPLE[2] },
      { header: H.unit, width: 30, list: unitNames, example: EXAMPLE[3] },
      { header: H.email, width: 28, example: EXAMPLE[4] },
      { header: H.phone, width: 16, example: EXAMPLE[5] },
      { header: H.password, width: 20, required: true, example: EXAMPLE[6] },
    ],
    [
      '用户导入说明',
      '1. 带＊的列为必填。第 2 行为示例，可直接覆盖或删除；原样保留的示例行不会导入。',
      '2. 用户名只能使用字母、数字和 _ . -；登录时不区分大小写。',
      '3. 角色可填多个，用顿号分隔：' + ROLES.map((r) => ROLE_LABELS_ZH[r]).join('、') + '。',
      '4. 信息员、单位审核人必须填写所属单位（单位全称或简称）。',
      `5. 初始密码至少 ${PASSWORD_MIN_LENGTH} 位，包含大写字母、小写字母、数字、符号中至少三类；用户首次登录时须修改。`,
      '6. 用户名与系统中已有用户相同的，按本表更新其姓名、角色、单位和联系方式（不修改密码）；其余新建。',
      '7. 文件中任何一行有错误时，整个文件都不会导入；请按提示逐行修改后重新上传。',
    ],
  );
}

export async function importUsers(database: Database, actor: Actor, buf: Buffer, locale: TLocale, ip?: string): Promise<TImportResult> {
  let rows;
  try {
    rows = await readSheet(buf, HEADERS, EXAMPLE);
  } catch (e) {
    if (e instanceof UnreadableWorkbook) throw new AppError('IMPORT_UNREADABLE', 400);
    throw e;
  }
  const { db } = database;
  const allUnits = await db.select({ id: units.id, name: units.name, shortName: units.shortName, active: units.active }).from(units);
  const unitByName = new Map<string, (typeof allUnits)[number]>();
  for (const u of allUnits) {
    unitByName.set(u.name, u);
    if (u.shortName && !unitByName.has(u.shortName)) unitByName.set(u.shortName, u);
  }
  const existing = new Map((await db.select({ id: users.id, username: users.username }).from(users)).map((u) => [u.username, u.id]));
  const errors: TImportRowError[] = [];
  const seen = new Map<string, number>();
  type Valid = { id?: number; username: string; displayName: string; roles: TRole[]; unitId: number | null; email: string | null; phone: string | null; password: string };
  const valid: Valid[] = [];
  if (rows.length === 0) errors.push({ row: 1, column: null, message: m(locale, 'empty') });
  for (const { row, values: v } of rows) {
    const err = (column: string, message: string) => errors.push({ row, column, message });
    const before = errors.length;
    const username = v[H.username]!.toLowerCase();
    const id = existing.get(username);
    if (!username) err(H.username, m(locale, 'required'));
    else if (!ZUsername.safeParse(username).success) err(H.username, m(locale, 'badUsername'));
    else if (seen.has(username)) err(H.username, m(locale, 'duplicateInFile', { row: seen.get(username)! }));
    else seen.set(username, row);
    const displayName = v[H.displayName]!;
    if (!displayName) err(H.displayName, m(locale, 'required'));
    else if (displayName.length > 50) err(H.displayName, m(locale, 'tooLong', { max: 50 }));
    const { roles, unknown } = parseRoles(v[H.roles]!);
    if (!v[H.roles]) err(H.roles, m(locale, 'required'));
    for (const u of unknown) err(H.roles, m(locale, 'unknownRole', { v: u }));
    let unitId: number | null = null;
    const unitName = v[H.unit]!;
    if (unitName) {
      const u = unitByName.get(unitName);
      if (!u) err(H.unit, m(locale, 'unknownUnit', { v: unitName }));
      else if (!u.active) err(H.unit, m(locale, 'inactiveUnit', { v: unitName }));
      else unitId = u.id;
    } else if (roles.some((r) => UNIT_ROLES.includes(r))) err(H.unit, m(locale, 'unitRequired'));
    const email = v[H.email]!;
    if (email && !z.email().safeParse(email).success) err(H.email, m(locale, 'badEmail'));
    if (v[H.phone]!.length > 40) err(H.phone, m(locale, 'tooLong', { max: 40 }));
    const password = v[H.password]!;
    if (!id) {
      if (!password) err(H.password, m(locale, 'required'));
      else if (!passwordIsStrong(password)) err(H.password, m(locale, 'weakPassword', { min: PASSWORD_MIN_LENGTH }));
    }
    if (errors.length === before) valid.push({ id, username, displayName, roles, unitId, email: email || null, phone: v[H.phone] || null, password });
  }
  if (errors.length) throw new AppError('IMPORT_INVALID', 422, { count: errors.length }, errors);
  // Hash first: argon2 is deliberately slow and must not run inside the transaction.
  const hashes = new Map<string, string>();
  for (const u of valid) if (!u.id) hashes.set(u.username, await hashPassword(u.password));
  return db.transaction(async (tx) => {
    let created = 0;
    let updated = 0;
    for (const { id, password: _pw, ...fields } of valid) {
      if (id) {
        await tx.update(users).set({ ...fields, updatedAt: new Date() }).where(eq(users.id, id));
        updated++;
      } else {
        await tx.insert(users).values({ ...fields, passwordHash: hashes.get(fields.username)!, mustChangePassword: true, passwordChangeEnforced: true });
        created++;
      }
    }
    await writeAudit(tx, { actor, action: 'user.import', targetType: 'user', ip, outcome: 'ok', details: { created, updated } });
    return { created, updated };
  });
}
