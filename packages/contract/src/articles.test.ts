import { describe, expect, it } from 'vitest';
import { actionAllowed, allowedActions, ARTICLE_ACTIONS, ARTICLE_STATES, ARTICLE_TRANSITIONS, type ActionContext } from './articles.js';

const ctx = (over: Partial<ActionContext>): ActionContext => ({
  roles: ['reporter'],
  state: 'draft',
  ownUnit: true,
  unitNeedsApproval: false,
  ...over,
});

describe('article state table', () => {
  it('only names known states and roles', () => {
    for (const a of ARTICLE_ACTIONS) {
      const t = ARTICLE_TRANSITIONS[a];
      expect(ARTICLE_STATES).toContain(t.to);
      for (const s of t.from) expect(ARTICLE_STATES).toContain(s);
      expect(t.roles.length).toBeGreaterThan(0);
    }
  });

  it('a reporter submits directly when the unit needs no approval, else sends it for approval', () => {
    expect(allowedActions(ctx({}))).toEqual(['submit']);
    expect(allowedActions(ctx({ unitNeedsApproval: true }))).toEqual(['send_for_approval']);
  });

  it('a returned article can be resubmitted; a withdrawn one reopened', () => {
    expect(allowedActions(ctx({ state: 'returned' }))).toEqual(['submit']);
    expect(allowedActions(ctx({ state: 'withdrawn' }))).toEqual(['reopen']);
  });

  it('the approver approves or returns, and may submit their own without a second approval', () => {
    const approver = ctx({ roles: ['unit_approver'], state: 'awaiting_unit_approval', unitNeedsApproval: true });
    expect(allowedActions(approver).sort()).toEqual(['approve', 'unit_return', 'withdraw'].sort());
    expect(actionAllowed('submit', { ...approver, state: 'draft' })).toBe(true);
  });

  it('a unit may withdraw only before review starts', () => {
    expect(actionAllowed('withdraw', ctx({ state: 'submitted' }))).toBe(true);
    expect(actionAllowed('withdraw', ctx({ state: 'in_review' }))).toBe(false);
    expect(actionAllowed('withdraw', ctx({ state: 'adopted' }))).toBe(false);
  });

  it('unit actions need the own unit', () => {
    expect(actionAllowed('submit', ctx({ ownUnit: false }))).toBe(false);
    expect(actionAllowed('withdraw', ctx({ ownUnit: false, state: 'submitted' }))).toBe(false);
  });

  it('editors claim, then adopt, reject, return or reserve; reserved pieces can still be decided', () => {
    const editor = ctx({ roles: ['editor'], ownUnit: false });
    expect(allowedActions({ ...editor, state: 'submitted' })).toEqual(['claim']);
    expect(allowedActions({ ...editor, state: 'in_review' }).sort()).toEqual(['adopt', 'reject', 'release', 'reserve', 'return'].sort());
    expect(allowedActions({ ...editor, state: 'reserved' }).sort()).toEqual(['adopt', 'reject', 'return'].sort());
    expect(allowedActions({ ...editor, state: 'adopted' })).toEqual([]);
    expect(allowedActions({ ...editor, state: 'draft' })).toEqual([]);
  });

  it('reasons are required for not adopting and returning, not for adopting', () => {
    expect(ARTICLE_TRANSITIONS.reject.commentRequired).toBe(true);
    expect(ARTICLE_TRANSITIONS.return.commentRequired).toBe(true);
    expect(ARTICLE_TRANSITIONS.unit_return.commentRequired).toBe(true);
    expect(ARTICLE_TRANSITIONS.adopt.commentRequired).toBe(false);
  });

  it('roles without article duties get no actions in any state', () => {
    for (const role of ['leader', 'auditor', 'administrator', 'issuer'] as const) {
      for (const state of ARTICLE_STATES) {
        expect(allowedActions(ctx({ roles: [role], state, ownUnit: false }))).toEqual([]);
      }
    }
  });
});
