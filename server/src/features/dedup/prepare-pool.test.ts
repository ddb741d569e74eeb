import { afterAll, describe, expect, it } from 'vitest';
import { PreparePool } from './prepare-pool.js';
import { prepareHistorical, type HistoricalArticle } from './bulk.js';

const art = (i: number): HistoricalArticle => ({
  unitId: 1,
  createdById: 1,
  title: `第${i}篇：高標準農田建設穩步推進`,
  bodyHtml: '',
  bodyText: `本县今年新建高标准农田${i}万亩，实行清单化管理、项目化推进，组建专班逐项攻坚，建立周调度、月通报制度。第${i}段。`,
  state: 'archived',
  date: new Date(Date.UTC(2024, 0, 1 + i)),
});

describe('PreparePool', () => {
  const pool = new PreparePool(2);
  afterAll(() => pool.close());

  it('computes in worker threads exactly what the calling thread computes, batches in order', async () => {
    const batches = [0, 1, 2].map((b) => Array.from({ length: 5 }, (_, i) => art(b * 5 + i)));
    const results = await Promise.all(batches.map((b) => pool.prepare(b)));
    results.forEach((r, b) => expect(r).toEqual(batches[b]!.map(prepareHistorical)));
    expect(results[2]![4]!.date).toBeInstanceOf(Date);
    expect(results[0]![0]!.searchTitle).toContain('高标准');
  });

  it('with no workers, computes in this thread', async () => {
    const inline = new PreparePool(0);
    expect(await inline.prepare([art(1)])).toEqual([prepareHistorical(art(1))]);
    await inline.close();
  });
});
