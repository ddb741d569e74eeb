import { useRef, useState } from 'react';
import { Alert, Input, Modal } from 'antd';
import { RichTextEditor, type RichTextEditorHandle } from '../../components/editor/RichTextEditor';
import { useI18n } from '../../i18n';

export interface PieceDraft {
  title: string;
  bodyHtml: string;
}

/** Edits a piece's title and text with the article editor; for a composite piece the editor writes both. */
export function PieceEditorModal(props: { initial: PieceDraft; composite?: string[]; heading: string; onOk(p: PieceDraft): void; onCancel(): void }) {
  const { t } = useI18n();
  const [title, setTitle] = useState(props.initial.title);
  const html = useRef(props.initial.bodyHtml);
  const editor = useRef<RichTextEditorHandle>(null);
  const [error, setError] = useState(false);
  return (
    <Modal
      open
      width={900}
      title={props.heading}
      onCancel={props.onCancel}
      okText={t('common.confirm')}
      onOk={() => {
        if (!title.trim()) return setError(true);
        props.onOk({ title: title.trim(), bodyHtml: editor.current?.getHtml() ?? html.current });
      }}
      destroyOnHidden
      styles={{ body: { maxHeight: '70vh', overflowY: 'auto' } }}
    >
      {props.composite && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('compose.compositeHint', { units: props.composite.join('、') })} />}
      <RichTextEditor
        ref={editor}
        initialHtml={props.initial.bodyHtml}
        onChange={(h) => (html.current = h)}
        ariaLabel={t('compose.pieceBody')}
        header={
          <Input.TextArea
            className="doc-title-input"
            autoSize
            value={title}
            status={error && !title.trim() ? 'error' : undefined}
            placeholder={t('compose.pieceTitle')}
            aria-label={t('compose.pieceTitle')}
            onChange={(e) => {
              setTitle(e.target.value);
              setError(false);
            }}
          />
        }
      />
    </Modal>
  );
}
