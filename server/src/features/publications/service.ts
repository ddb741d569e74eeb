import { asc, eq, sql } from 'drizzle-orm';
import type { TPublication, TPublicationKind } from '@baosong/contract';
import { issues, publications } from '../../db/schema.js';
import type { Database, DbOrTx } from '../../db/connect.js';
import { AppError, notFound } from '../../lib/errors.js';
import { isUniqueViolation } from '../../lib/dberrors.js';
import { writeAudit } from '../../lib/audit.js';
import type { Actor } from '../../lib/policy.js';

const selection = {
  id: publications.id,
  name: publications.name,
  masthead: publications.masthead,
  kind: publications.kind,
  compilingUnit: publications.compilingUnit,
  distribution: publications.distribution,
  activeFrom: publications.activeFrom,
  activeTo: publications.activeTo,
  sortOrder: publications.sortOrder,
  active: publications.active,
  // Qualified by hand: in a one-table select drizzle writes columns unqualified, and a bare "id" here would be the
  // subquery's own issues.id.
  issueCount: sql<number>`(select count(*)::int from ${issues} where ${issues.publicationId} = ${publications}.${sql.identifier('id')})`,
};

type Row = Omit<TPublication, 'kind'> & { kind: string };
const toView = (r: Row): TPublication => ({ ...r, kind: r.kind as TPublicationKind });

export async function listPublications(db: DbOrTx): Promise<TPublication[]> {
  const rows = await db.select(selection).from(publications).orderBy(asc(publications.sortOrder), asc(publications.id));
  return rows.map(toView);
}

export async function getPublication(db: DbOrTx, id: number): Promise<TPublication> {
  const [r] = await db.select(selection).from(publications).where(eq(publications.id, id));
  if (!r) throw notFound();
  return toView(r);
}

type Input = Omit<TPublication, 'id' | 'issueCount' | 'active'>;

export async function createPublication(database: Database, actor: Actor | null, input: Input, ip?: string): Promise<TPublication> {
  try {
    return await database.db.transaction(async (tx) => {
      const [p] = await tx.insert(publications).values(input).returning({ id: publications.id });
      await writeAudit(tx, { actor, action: 'publication.create', targetType: 'publication', targetId: p!.id, ip, outcome: 'ok', details: { name: input.name } });
      return getPublication(tx, p!.id);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('PUBLICATION_NAME_TAKEN', 409, { name: input.name });
    throw e;
  }
}

export async function updatePublication(database: Database, actor: Actor, id: number, input: Partial<Input> & { active?: boolean }, ip?: string) {
  try {
    return await database.db.transaction(async (tx) => {
      const [p] = await tx.update(publications).set(input).where(eq(publications.id, id)).returning({ id: publications.id });
      if (!p) throw notFound();
      await writeAudit(tx, { actor, action: 'publication.update', targetType: 'publication', targetId: id, ip, outcome: 'ok', details: { ...input } });
      return getPublication(tx, id);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('PUBLICATION_NAME_TAKEN', 409, { name: input.name ?? '' });
    throw e;
  }
}
