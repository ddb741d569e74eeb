import { describe, expect, it } from 'vitest';
import { generateEvents, runScoringBench } from './scoring.js';

/** bench:scoring at a small size: it runs, reports its fields and scores every kind of event. */
describe('bench:scoring (small size)', () => {
  it('generates every kind of event, deterministically', () => {
    const a = generateEvents(3000, 50);
    expect(a).toEqual(generateEvents(3000, 50));
    expect(new Set(a.map((e) => e.kind))).toEqual(new Set(['placement', 'forwarded', 'upstream_adopted', 'instruction', 'solicitation', 'monthly', 'adjustment']));
  });

  it('reports events, units and seconds', () => {
    const r = runScoringBench(5000, { units: 50, runs: 3 });
    expect(r).toMatchObject({ events: 5000, units: 50 });
    expect(r.seconds).toBeGreaterThan(0);
    expect(r.runs_s).toHaveLength(3);
    expect(r.entries).toBeGreaterThan(2500);
  });
});
