import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { LEADER_RANK_LABELS_ZH, LEADER_RANKS, type TImportResult, type TImportRowError, type TLocale } from '@baosong/contract';
import type { Database } from '../../db/connect.js';
import { channels, forwardedPieces, forwardings, upstreamOutcomes, upstreamPublications } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { writeAudit } from '../../lib/audit.js';
import type { Actor } from '../../lib/policy.js';
import { importMessage as m } from '../../lib/import-messages.js';
import { buildTemplate, readSheet, UnreadableWorkbook } from '../../render/xlsx.js';
import { getLeaderRankSettings } from '../settings/service.js';
import { checkOutcome, writeOutcome, type OutcomeInput } from './service.js';

const H = {
  id: '上报编号',
  channel: '上报渠道',
  title: '标题',
  result: '采用情况',
  publication: '上级刊物',
  issueLabel: '期号',
  outcomeOn: '日期',
  leaderName: '批示领导',
  leaderRank: '领导级别',
  instructedOn: '批示日期',
  text: '批示内容',
  note: '备注',
};
const HEADERS = Object.values(H);
const RESULT = { 采用: 'adopted', 未采用: 'not_adopted' } as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

async function rankLabels(database: Database): Promise<Map<string, string>> {
  const extra = (await getLeaderRankSettings(database.db)).extra;
  return new Map([...LEADER_RANKS.map((c) => [LEADER_RANK_LABELS_ZH[c], c] as const), ...extra.map((r) => [r.label, r.code] as const)]);
}

/** The template lists every sent piece still awaiting an outcome, so the desk only fills in what came back. */
export async function outcomeTemplate(database: Database): Promise<Buffer> {
  const { db } = database;
  const awaiting = await db
    .select({ id: forwardedPieces.id, channel: channels.name, title: forwardedPieces.title })
    .from(forwardedPieces)
    .innerJoin(forwardings, eq(forwardings.id, forwardedPieces.forwardingId))
    .innerJoin(channels, eq(channels.id, forwardings.channelId))
    .leftJoin(upstreamOutcomes, eq(upstreamOutcomes.pieceId, forwardedPieces.id))
    .where(and(eq(forwardings.state, 'sent'), isNull(upstreamOutcomes.id)))
    .orderBy(asc(forwardedPieces.id));
  const pubs = await db.select({ name: upstreamPublications.name }).from(upstreamPublications).where(eq(upstreamPublications.active, true));
  const ranks = [...(await rankLabels(database)).keys()];
  return buildTemplate(
    '上级采用情况',
    [
      { header: H.id, width: 10, required: true },
      { header: H.channel, width: 16 },
      { header: H.title, width: 40 },
      { header: H.result, width: 10, required: true, list: Object.keys(RESULT) },
      { header: H.publication, width: 18, list: [...new Set(pubs.map((p) => p.name))] },
      { header: H.issueLabel, width: 10 },
      { header: H.outcomeOn, width: 12, required: true },
      { header: H.leaderName, width: 12 },
      { header: H.leaderRank, width: 14, list: ranks },
      { header: H.instructedOn, width: 12 },
      { header: H.text, width: 40 },
      { header: H.note, width: 20 },
    ],
    [
      '上级采用情况导入说明',
      '1. 表中已列出已签发上报、尚未登记结果的稿件；“上报编号”请勿修改，“上报渠道”“标题”仅供核对。',
      '2. “采用情况”填“采用”或“未采用”；采用的须填写该渠道的“上级刊物”（如《河北政务信息》）。日期格式为 2026-03-18。',
      '3. 有领导批示的，填写批示领导、领导级别、批示日期和批示内容；同一稿件有多条批示的，复制该行，每行一条批示。',
      '4. 没有结果的行可以删除或留空“采用情况”以外的所有列；已登记结果的稿件再次导入时，以本表为准更正。',
      '5. 文件中任何一行有错误时，整个文件都不会导入；请按提示逐行修改后重新上传。',
    ],
    awaiting.map((a) => [a.id, a.channel, a.title]),
  );
}

/** Imports outcomes: all rows checked first (row-level errors, 422), then all written in one transaction. */
export async function importOutcomes(database: Database, actor: Actor, buf: Buffer, locale: TLocale, dryRun: boolean, ip?: string): Promise<TImportResult> {
  let rows;
  try {
    rows = await readSheet(buf, HEADERS);
  } catch (e) {
    if (e instanceof UnreadableWorkbook) throw new AppError('IMPORT_UNREADABLE', 400);
    throw e;
  }
  const { db } = database;
  const ranks = await rankLabels(database);
  const rankCodes = new Set(ranks.values());
  const errors: TImportRowError[] = [];
  const zh = locale !== 'en';
  const msg = (cn: string, en: string) => (zh ? cn : en);
  // Rows with only the pre-filled columns are pieces without news yet: skipped.
  const filled = rows.filter((r) => r.values[H.result] || r.values[H.outcomeOn] || r.values[H.publication] || r.values[H.text]);
  if (!filled.length) errors.push({ row: 1, column: null, message: m(locale, 'empty') });
  const ids = [...new Set(filled.map((r) => Number(r.values[H.id])).filter((n) => Number.isInteger(n) && n > 0))];
  const pieces = ids.length
    ? await db
        .select({ id: forwardedPieces.id, state: forwardings.state, channelId: forwardings.channelId })
        .from(forwardedPieces)
        .innerJoin(forwardings, eq(forwardings.id, forwardedPieces.forwardingId))
        .where(inArray(forwardedPieces.id, ids))
    : [];
  const pubs = await db.select().from(upstreamPublications);
  const byPiece = new Map<number, { row: number; channelId: number; o: OutcomeInput }>();
  for (const { row, values: v } of filled) {
    const err = (column: string | null, message: string) => errors.push({ row, column, message });
    const before = errors.length;
    const id = Number(v[H.id]);
    const piece = pieces.find((p) => p.id === id);
    if (!v[H.id]) err(H.id, m(locale, 'required'));
    else if (!piece) err(H.id, msg(`没有编号为 ${v[H.id]} 的上报稿件`, `no forwarded piece numbered ${v[H.id]}`));
    else if (piece.state !== 'sent') err(H.id, msg('该稿件尚未签发上报', 'not sent yet'));
    const result = RESULT[v[H.result] as keyof typeof RESULT];
    if (!v[H.result]) err(H.result, m(locale, 'required'));
    else if (!result) err(H.result, msg('须为“采用”或“未采用”', 'must be 采用 or 未采用'));
    if (!DAY.test(v[H.outcomeOn]!)) err(H.outcomeOn, v[H.outcomeOn] ? msg('日期格式应为 2026-03-18', 'date must look like 2026-03-18') : m(locale, 'required'));
    let publicationId: number | null = null;
    if (v[H.publication]) {
      const p = pubs.find((x) => x.name === v[H.publication] && (!piece || x.channelId === piece.channelId));
      if (!p) err(H.publication, msg(`该渠道没有刊物“${v[H.publication]}”`, `the channel has no publication "${v[H.publication]}"`));
      else publicationId = p.id;
    } else if (result === 'adopted') err(H.publication, msg('采用的须填写上级刊物', 'required for an adoption'));
    const hasInstruction = Boolean(v[H.leaderName] || v[H.leaderRank] || v[H.instructedOn] || v[H.text]);
    let rank = '';
    if (hasInstruction) {
      if (!v[H.leaderName]) err(H.leaderName, m(locale, 'required'));
      rank = ranks.get(v[H.leaderRank]!) ?? (rankCodes.has(v[H.leaderRank]!) ? v[H.leaderRank]! : '');
      if (!rank) err(H.leaderRank, v[H.leaderRank] ? msg(`不认识的领导级别“${v[H.leaderRank]}”`, `unknown rank "${v[H.leaderRank]}"`) : m(locale, 'required'));
      if (!DAY.test(v[H.instructedOn]!)) err(H.instructedOn, msg('日期格式应为 2026-03-18', 'date must look like 2026-03-18'));
      if (!v[H.text]) err(H.text, m(locale, 'required'));
      if (result === 'not_adopted') err(H.result, msg('未采用的稿件不能有批示', 'a piece not adopted cannot have instructions'));
    }
    if (errors.length !== before || !piece) continue;
    const prev = byPiece.get(id);
    if (prev && (prev.o.result !== result || prev.o.outcomeOn !== v[H.outcomeOn] || prev.o.upstreamPublicationId !== publicationId)) {
      err(H.id, msg(`与第 ${prev.row} 行的采用情况不一致`, `contradicts row ${prev.row}`));
      continue;
    }
    const entry = prev ?? {
      row,
      channelId: piece.channelId,
      o: { result: result!, upstreamPublicationId: publicationId, issueLabel: v[H.issueLabel] || null, outcomeOn: v[H.outcomeOn]!, note: v[H.note] || null, instructions: [] },
    };
    if (hasInstruction) entry.o.instructions.push({ leaderRank: rank, leaderName: v[H.leaderName]!, instructedOn: v[H.instructedOn]!, text: v[H.text]! });
    byPiece.set(id, entry);
  }
  if (errors.length) throw new AppError('IMPORT_INVALID', 422, { count: errors.length }, errors);
  // A dry run stops here: every row has been checked and nothing written.
  if (dryRun) {
    const existing = await db.select({ pieceId: upstreamOutcomes.pieceId }).from(upstreamOutcomes).where(inArray(upstreamOutcomes.pieceId, [...byPiece.keys()]));
    return { created: byPiece.size - existing.length, updated: existing.length };
  }
  return db.transaction(async (tx) => {
    let created = 0;
    let updated = 0;
    for (const [pieceId, { row, channelId, o }] of byPiece) {
      const bad = await checkOutcome(tx, channelId, o, rankCodes);
      if (bad) throw new AppError('IMPORT_INVALID', 422, { count: 1 }, [{ row, column: null, message: bad.code }]);
      if ((await writeOutcome(tx, actor, pieceId, o)) === 'created') created++;
      else updated++;
    }
    await writeAudit(tx, { actor, action: 'outcome.import', targetType: 'forwarded_piece', ip, outcome: 'ok', details: { created, updated } });
    return { created, updated };
  });
}
