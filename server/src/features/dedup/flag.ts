import { sql } from 'drizzle-orm';
import { articles } from '../../db/schema.js';

/** Whether an article's last duplicate check flagged anything (the desk's flag and filter). */
export const duplicateFlagSql = sql<boolean>`exists (select 1 from dedup_matches m where m.article_id = ${articles.id} and m.flagged)`;
