import { useI18n } from '../../i18n';
import type { ReactNode } from 'react';
import { ScaledA4 } from '../../components/ScaledA4';
import type { TDistribution, TIssue } from '@baosong/contract';
import '../../components/editor/editor.css';
import './issue.css';
import { chineseDate } from './api';

export interface IssueDocItem {
  key: string | number;
  kind: 'heading' | 'piece';
  title: string;
  bodyHtml: string;
  /** Contributing units, printed in parentheses after the piece. */
  units: string[];
}

export interface IssueDocData {
  publicationName: string;
  number: number;
  totalNumber: number;
  issueDate: string;
  compilingUnit: string;
  distribution: TDistribution;
  editorNote: string | null;
  erratum?: boolean;
  items: IssueDocItem[];
}

const DISTRIBUTION_LINES: [keyof TDistribution, string][] = [
  ['bao', '报'],
  ['song', '送'],
  ['fa', '发'],
];

/**
 * An issue laid out like the printed internal briefing (GB/T 9704 conventions): red masthead, issue numbers,
 * compiling unit and date over a red rule, centred titles, indented 仿宋 body, units in parentheses, and the
 * 报/送/发 block between rules at the end. Drawn at A4 width; `ScaledIssue` fits it into a narrower column.
 */
export function IssueDocument({ doc, renderItemExtra, footer }: { doc: IssueDocData; renderItemExtra?(item: IssueDocItem): ReactNode; footer?: ReactNode }) {
  const { t } = useI18n();
  const dist = DISTRIBUTION_LINES.filter(([k]) => doc.distribution[k]?.trim());
  return (
    <article className="issue-paper" data-testid="issue-document">
      <header className="issue-masthead">
        <div className="issue-name">{doc.publicationName}</div>
        {doc.erratum && <div className="issue-erratum">（更正）</div>}
        <div className="issue-number">
          第{doc.number}期（总第{doc.totalNumber}期）
        </div>
        <div className="issue-meta">
          <span>{doc.compilingUnit}</span>
          <span>{chineseDate(doc.issueDate)}</span>
        </div>
        <div className="issue-red-rule" />
      </header>
      {doc.editorNote?.trim() && (
        <section className="issue-note">
          <span className="issue-note-label">编者按：</span>
          {doc.editorNote}
        </section>
      )}
      {doc.items.map((it) =>
        it.kind === 'heading' ? (
          <h2 key={it.key} className="issue-heading" data-testid="issue-heading">
            {it.title}
          </h2>
        ) : (
          <section key={it.key} className="issue-piece" data-testid="issue-piece">
            <h1 className="issue-piece-title">{it.title}</h1>
            {/* The server's sanitised HTML (articles and issue items pass its allow-list), never raw input. */}
            <div className="doc-body issue-body" dangerouslySetInnerHTML={{ __html: it.bodyHtml }} />
            {it.units.length > 0 && <div className="issue-units">（{it.units.join('　')}）</div>}
            {renderItemExtra?.(it)}
          </section>
        ),
      )}
      {doc.items.length === 0 && <div className="issue-empty">（{t('issues.emptyPreview')}）</div>}
      {footer}
      {dist.length > 0 && (
        <footer className="issue-distribution" data-testid="issue-distribution">
          {dist.map(([k, label]) => (
            <div key={k} className="issue-dist-line">
              <span className="issue-dist-label">{label}：</span>
              <span>{doc.distribution[k]}</span>
            </div>
          ))}
        </footer>
      )}
    </article>
  );
}

/** The document scaled to the column it sits in (the print view shows it unscaled). */
export function ScaledIssue(props: Parameters<typeof IssueDocument>[0]) {
  return (
    <ScaledA4>
      <IssueDocument {...props} />
    </ScaledA4>
  );
}

/** Units of a piece, each once, in the order of its sources. */
export function sourceUnits(sources: { unitName: string }[]): string[] {
  return [...new Set(sources.map((s) => s.unitName))];
}

export function issueToDoc(issue: TIssue): IssueDocData {
  return {
    publicationName: issue.masthead,
    number: issue.number,
    totalNumber: issue.totalNumber,
    issueDate: issue.issueDate,
    compilingUnit: issue.compilingUnit,
    distribution: issue.distribution,
    editorNote: issue.editorNote,
    erratum: issue.erratumOfId !== null,
    items: issue.items.map((it) => ({ key: it.id, kind: it.kind, title: it.title, bodyHtml: it.bodyHtml, units: sourceUnits(it.sources) })),
  };
}
