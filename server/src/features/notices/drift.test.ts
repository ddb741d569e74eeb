import { describe, expect, it } from 'vitest';
import { composeNotice } from '../../notices/compose.js';
import { seedFacts2014 } from '../../notices/seed-facts.js';
import { noticeDrift } from './drift.js';

/** What a refresh cannot do, found: how a draft differs from one generated from the records now. */
const O = { office: '市政府办公室', issuingOffice: '沧州市人民政府办公室', addressees: '各县（市、区）人民政府', date: '2015-01-12' };

describe('notice drift', () => {
  const facts = seedFacts2014();

  it('is empty for a draft generated from the same records, whatever its figures', () => {
    const draft = composeNotice(facts, O);
    expect(noticeDrift(draft, composeNotice(facts, O))).toEqual({ added: [], gone: [], reworded: [] });
    // New values alone are the refresh's business, not drift.
    expect(noticeDrift(draft, composeNotice({ ...facts, adoptedFromUnits: 1300 }, O))).toEqual({ added: [], gone: [], reworded: [] });
  });

  it('names the honours sentence once the assessment exists, new problems, and problems gone', () => {
    const before = composeNotice({ ...facts, honours: null, problems: { ...facts.problems, duplicatesCaught: 0 } }, O);
    const now = composeNotice({ ...facts, problems: { ...facts.problems, overdueFollowups: 0 } }, O);
    const d = noticeDrift(before, now);
    expect(d.added.map((p) => `${p.section}/${p.id}`)).toContain('problems/duplicates');
    expect(d.gone.map((p) => `${p.section}/${p.id}`)).toEqual(['problems/followups']);
    const figures = d.reworded.find((p) => p.id === 'figures');
    expect(figures?.text).toContain('为2014年度全市政务信息报送工作优胜单位');
    // Template requirements are never compared.
    expect([...d.added, ...d.gone, ...d.reworded].some((p) => p.section === 'requirements')).toBe(false);
  });

  it('for an edited paragraph, reports only figures a new generation would add to it', () => {
    const before = composeNotice({ ...facts, honours: null }, O);
    const fig = before.sections[0]!.paragraphs.find((p) => p.id === 'figures')!;
    fig.text = '全年共采用{{adopted}}篇。';
    fig.edited = true;
    expect(noticeDrift(before, composeNotice({ ...facts, honours: null }, O)).reworded).toEqual([]);
    expect(noticeDrift(before, composeNotice(facts, O)).reworded.map((p) => p.id)).toEqual(['figures']);
  });
});
