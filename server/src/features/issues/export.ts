import { inArray } from 'drizzle-orm';
import type { TIssue } from '@baosong/contract';
import { attachments, issues } from '../../db/schema.js';
import type { DbOrTx } from '../../db/connect.js';
import type { Actor } from '../../lib/policy.js';
import { renderIssueDocx } from '../../render/issue-docx.js';
import { getIssue } from './service.js';

/** Gathers an issue (as this actor may see it) and the pictures its pieces show, and renders the .docx. */
export async function exportIssueDocx(db: DbOrTx, actor: Actor, id: number): Promise<{ data: Buffer; filename: string; issue: TIssue }> {
  const issue = await getIssue(db, actor, id);
  const ids = new Set<number>();
  for (const it of issue.items) for (const m of it.bodyHtml.matchAll(/\/api\/attachments\/(\d+)\/content/g)) ids.add(Number(m[1]));
  const rows = ids.size
    ? await db.select({ id: attachments.id, data: attachments.data, mime: attachments.mime }).from(attachments).where(inArray(attachments.id, [...ids]))
    : [];
  let erratumOf: { year: number; number: number } | null = null;
  if (issue.erratumOfId) {
    const [orig] = await db.select({ year: issues.year, number: issues.number }).from(issues).where(inArray(issues.id, [issue.erratumOfId]));
    erratumOf = orig ?? null;
  }
  const data = await renderIssueDocx({
    publication: { name: issue.masthead, compilingUnit: issue.compilingUnit, kind: issue.publicationKind, distribution: issue.distribution },
    issue: {
      year: issue.year,
      number: issue.number,
      totalNumber: issue.totalNumber,
      date: issue.issueDate,
      editorNote: issue.editorNote,
      supplement: issue.publicationKind === 'supplement',
      erratumOf,
    },
    items: issue.items.map((it) =>
      it.kind === 'heading'
        ? { kind: 'heading' as const, text: it.title }
        : { kind: 'piece' as const, title: it.title, bodyHtml: it.bodyHtml, sources: [...new Set(it.sources.map((s) => s.unitName))] },
    ),
    images: new Map(rows.map((r) => [r.id, { data: r.data, mime: r.mime }])),
  });
  return { data, filename: `${issue.publicationName}${issue.year}年第${issue.number}期.docx`, issue };
}
