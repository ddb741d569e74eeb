import type { ReactNode } from 'react';
import { ScaledA4 } from '../../components/ScaledA4';
import { renderNoticeParagraph, type TNoticeContent, type TNoticeParagraph, type TNoticeSectionId } from '@baosong/contract';
import '../../components/editor/editor.css';
import './notice.css';
import { chineseDate } from '../issues/api';

export interface NoticeDocumentProps {
  content: TNoticeContent;
  docNumberText: string | null;
  /** Draws one paragraph (the editor's editable text); the plain rendered text otherwise. */
  renderParagraph?(section: TNoticeSectionId, p: TNoticeParagraph): ReactNode;
  /** Figures drawn without their link marks (the read page). */
  plain?: boolean;
}

/** As large as the mark fits on one line of the type area (GB/T 9704 leaves the size to the office). */
function markSize(mark: string): number {
  const chars = Math.max(1, [...mark].length);
  return Math.max(22, Math.min(52, Math.floor(((794 - 204) / chars) * 0.72)));
}

/**
 * The notice laid out as the red-header document its .docx export is: mark, number and red rule, title,
 * addressees, 一、二、三、 sections, the signature and date, and the 版记 with 抄送 and the 印发 line.
 */
export function NoticeDocument({ content, docNumberText, renderParagraph, plain }: NoticeDocumentProps) {
  const mark = content.mark?.trim() || `${content.issuingOffice.trim()}文件`;
  const printedBy = content.printedBy?.trim() || content.issuingOffice;
  const addressees = content.addressees.trim().replace(/[：:]$/, '');
  return (
    <article className={plain ? 'notice-paper notice-plain' : 'notice-paper'} data-testid="notice-document">
      <header>
        <div className="notice-mark" style={{ fontSize: `${markSize(mark)}pt` }}>
          {mark}
        </div>
        <div className="notice-number" data-testid="notice-number">
          {docNumberText ?? ''}
        </div>
        <div className="notice-red-rule" />
      </header>
      <h1 className="notice-title">{content.title}</h1>
      {addressees && <div className="notice-addressees">{addressees}：</div>}
      {content.sections.map((s) => (
        <section key={s.id} data-testid={`notice-section-${s.id}`}>
          <h2 className="notice-heading">{s.heading}</h2>
          {s.paragraphs.map((p) =>
            renderParagraph ? (
              <div key={p.id}>{renderParagraph(s.id, p)}</div>
            ) : (
              <p key={p.id} className="notice-para" data-testid="notice-para">
                {renderNoticeParagraph(p)}
              </p>
            ),
          )}
        </section>
      ))}
      <div className="notice-signature">
        <div>{content.issuingOffice}</div>
        <div>{chineseDate(content.date)}</div>
      </div>
      <footer className="notice-record">
        {content.copyTo.trim() && (
          <div className="notice-record-line">
            <span>抄送：{content.copyTo.trim().replace(/[。.]$/, '')}。</span>
          </div>
        )}
        <div className="notice-record-line">
          <span>{printedBy}</span>
          <span>{chineseDate(content.date)}印发</span>
        </div>
      </footer>
    </article>
  );
}

/** The notice scaled to the column it sits in. */
export function ScaledNotice(props: NoticeDocumentProps) {
  return (
    <ScaledA4>
      <NoticeDocument {...props} />
    </ScaledA4>
  );
}
