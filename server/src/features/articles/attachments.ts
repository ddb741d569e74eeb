import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { articles, attachments, articleEvents } from '../../db/schema.js';
import type { Database, DbOrTx } from '../../db/connect.js';
import { AppError, notFound } from '../../lib/errors.js';
import { writeAudit } from '../../lib/audit.js';
import { policy, type Actor } from '../../lib/policy.js';
import { checkZipExpansion, isZip, sniffFile } from '../../text/filetype.js';
import { DocxImportError, importDocx } from '../../text/docx-import.js';
import { htmlToPlainText } from '../../text/sanitize.js';
import { indexTokens } from '../../text/segment.js';
import type { TLocale } from '@baosong/contract';
import { factsOf } from './queries.js';
import { notEditable } from './service.js';

export const ATTACHMENT_MAX_MB = 20;
export const ATTACHMENTS_PER_ARTICLE = 20;

/** A file's type comes from its bytes, never from its name; only pictures and office documents are accepted. */
export async function checkUpload(data: Buffer) {
  if (data.length > ATTACHMENT_MAX_MB * 1024 * 1024) throw new AppError('ATTACHMENT_TOO_LARGE', 413, { max: ATTACHMENT_MAX_MB });
  const type = sniffFile(data);
  if (!type) throw new AppError('ATTACHMENT_TYPE', 415);
  // An office file is a zip: one that lies about its sizes, or unpacks to more than any real document, is refused
  // (whoever downloads and opens it would get the zip bomb).
  if (isZip(data) && (await checkZipExpansion(data, ZIP_MAX_UNCOMPRESSED)) !== 'ok') throw new AppError('ATTACHMENT_TYPE', 415);
  return type;
}
const ZIP_MAX_UNCOMPRESSED = 256 * 1024 * 1024;

function cleanName(name: string, ext: string): string {
  const base = name.replace(/[\\/\0-\x1f"<>|:*?]/g, '_').trim().slice(0, 120) || 'file';
  return base.toLowerCase().endsWith(`.${ext}`) ? base : `${base.replace(/\.[^.]*$/, '')}.${ext}`;
}

export async function addAttachment(database: Database, actor: Actor, articleId: number, filename: string, data: Buffer, ip?: string) {
  const type = await checkUpload(data);
  const sha256 = createHash('sha256').update(data).digest('hex');
  return database.db.transaction(async (tx) => {
    const [a] = await tx.select().from(articles).where(eq(articles.id, articleId)).for('update');
    if (!a || !policy.canViewArticle(actor, factsOf(a))) throw notFound();
    if (!policy.canEditAsUnit(actor, factsOf(a)) && !policy.canEditAsEditor(actor, factsOf(a))) throw notEditable(actor, factsOf(a));
    const [{ n }] = (await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(attachments)
      .where(and(eq(attachments.articleId, articleId), eq(attachments.inline, false)))) as [{ n: number }];
    if (n >= ATTACHMENTS_PER_ARTICLE) throw new AppError('ATTACHMENT_LIMIT', 400, { max: ATTACHMENTS_PER_ARTICLE });
    const [att] = await tx
      .insert(attachments)
      .values({ articleId, filename: cleanName(filename, type.ext), mime: type.mime, size: data.length, sha256, data, createdById: actor.id })
      .returning({ id: attachments.id, filename: attachments.filename, mime: attachments.mime, size: attachments.size, createdAt: attachments.createdAt });
    await tx.update(articles).set({ rowVersion: sql`${articles.rowVersion} + 1`, updatedAt: new Date() }).where(eq(articles.id, articleId));
    await writeAudit(tx, { actor, action: 'attachment.add', targetType: 'article', targetId: articleId, ip, outcome: 'ok', details: { attachmentId: att!.id, mime: type.mime, size: data.length } });
    return { ...att!, createdAt: att!.createdAt.toISOString() };
  });
}

export async function getAttachment(db: DbOrTx, actor: Actor, id: number) {
  const [row] = await db
    .select({ att: attachments, a: articles })
    .from(attachments)
    .innerJoin(articles, eq(articles.id, attachments.articleId))
    .where(eq(attachments.id, id));
  if (!row || !policy.canViewArticle(actor, factsOf(row.a))) throw notFound();
  return row.att;
}

export async function deleteAttachment(database: Database, actor: Actor, id: number, ip?: string) {
  await database.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ att: attachments, a: articles })
      .from(attachments)
      .innerJoin(articles, eq(articles.id, attachments.articleId))
      .where(eq(attachments.id, id));
    if (!row || !policy.canViewArticle(actor, factsOf(row.a))) throw notFound();
    if (!policy.canEditAsUnit(actor, factsOf(row.a)) && !policy.canEditAsEditor(actor, factsOf(row.a))) throw notEditable(actor, factsOf(row.a));
    await tx.delete(attachments).where(eq(attachments.id, id));
    await writeAudit(tx, { actor, action: 'attachment.delete', targetType: 'article', targetId: row.a.id, ip, outcome: 'ok', details: { attachmentId: id } });
  });
}

/**
 * A new draft from a Word file: title and body from the document, its pictures stored as inline attachments and
 * referenced from the body. Parsing happens before the transaction opens.
 */
export async function importDocxDraft(
  database: Database,
  actor: Actor,
  data: Buffer,
  locale: TLocale,
  ip?: string,
): Promise<{ id: number; warnings: string[] }> {
  if (!actor.unitId || !policy.isOwnUnit(actor, actor.unitId)) throw new AppError('FORBIDDEN', 403);
  if (data.length > ATTACHMENT_MAX_MB * 1024 * 1024) throw new AppError('ATTACHMENT_TOO_LARGE', 413, { max: ATTACHMENT_MAX_MB });
  let doc: Awaited<ReturnType<typeof importDocx>>;
  try {
    doc = await importDocx(data, { locale });
  } catch (e) {
    if (e instanceof DocxImportError) throw new AppError('DOCX_INVALID', 400, { reason: e.messageFor(locale) }, { reason: e.code });
    throw e;
  }
  const unitId = actor.unitId;
  // Segmenting is CPU work: before the transaction.
  const searchTitle = indexTokens(doc.title ?? '');
  const searchBody = indexTokens(htmlToPlainText(doc.bodyHtml));
  return database.db.transaction(async (tx) => {
    const [a] = await tx
      .insert(articles)
      .values({ unitId, createdById: actor.id, title: doc.title ?? '', state: 'draft', searchTitle, searchBody })
      .returning({ id: articles.id });
    let html = doc.bodyHtml;
    for (const img of doc.images) {
      const [att] = await tx
        .insert(attachments)
        .values({
          articleId: a!.id,
          filename: `image-${img.ref.replace(/\D/g, '')}.${img.mime.split('/')[1] ?? 'bin'}`,
          mime: img.mime,
          size: img.data.length,
          sha256: createHash('sha256').update(img.data).digest('hex'),
          inline: true,
          data: img.data,
          createdById: actor.id,
        })
        .returning({ id: attachments.id });
      html = html.split(`src="${img.ref}"`).join(`src="/api/attachments/${att!.id}/content"`);
    }
    await tx.update(articles).set({ bodyHtml: html, bodyText: htmlToPlainText(html) }).where(eq(articles.id, a!.id));
    await tx.insert(articleEvents).values({ articleId: a!.id, action: 'import_docx', toState: 'draft', actorId: actor.id });
    await writeAudit(tx, { actor, action: 'article.import_docx', targetType: 'article', targetId: a!.id, ip, outcome: 'ok', details: { images: doc.images.length } });
    return { id: a!.id, warnings: doc.warnings };
  });
}
