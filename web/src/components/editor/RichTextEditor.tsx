import { useEffect, useImperativeHandle, useRef, type ReactNode, type Ref } from 'react';
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { TableKit } from '@tiptap/extension-table';
import Image from '@tiptap/extension-image';
import { Button, Divider, Dropdown, Select, Tooltip } from 'antd';
import {
  BoldOutlined,
  ItalicOutlined,
  OrderedListOutlined,
  RedoOutlined,
  TableOutlined,
  UnderlineOutlined,
  UndoOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { useI18n } from '../../i18n';
import './editor.css';

export interface RichTextEditorHandle {
  /** Replaces the whole document (restoring a local copy, reloading after a conflict) without an update event. */
  setHtml(html: string): void;
  getHtml(): string;
}

interface Props {
  initialHtml: string;
  onChange?(html: string): void;
  editable?: boolean;
  ref?: Ref<RichTextEditorHandle>;
  ariaLabel?: string;
  /** Shown on the page above the body (the title field). */
  header?: ReactNode;
  className?: string;
}

/**
 * The article body editor: the subset of formatting the server keeps (paragraphs, h2–h4, bold, italic, underline,
 * lists, tables, pictures), laid out like a printed document. The server sanitises whatever it receives.
 */
export function RichTextEditor({ initialHtml, onChange, editable = true, ref, ariaLabel, header, className }: Props) {
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const editor = useEditor({
    extensions: [
      StarterKit.configure({
        heading: { levels: [2, 3, 4] },
        code: false,
        codeBlock: false,
        horizontalRule: false,
        link: false,
      }),
      TableKit.configure({ table: { resizable: false } }),
      Image.configure({ inline: false, allowBase64: true }),
    ],
    content: initialHtml,
    editable,
    editorProps: { attributes: { class: 'doc-body doc-editable', 'aria-label': ariaLabel ?? '', role: 'textbox', 'aria-multiline': 'true' } },
    onUpdate: ({ editor: e }) => onChangeRef.current?.(e.getHTML()),
  });

  useEffect(() => {
    // No update event: switching modes is not an edit (and must not trigger a save).
    if (editor.isEditable !== editable) editor.setEditable(editable, false);
  }, [editor, editable]);

  useImperativeHandle(
    ref,
    () => ({
      setHtml: (html) => editor.commands.setContent(html, { emitUpdate: false }),
      getHtml: () => editor.getHTML(),
    }),
    [editor],
  );

  return (
    <div className={`rte ${className ?? ''}`}>
      {editable && <Toolbar editor={editor} />}
      <div className="rte-page">
        {header}
        <EditorContent editor={editor} className="rte-content" data-testid="rich-text-editor" />
      </div>
    </div>
  );
}

function Toolbar({ editor }: { editor: Editor }) {
  const { t } = useI18n();
  const s = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      block: e.isActive('heading', { level: 2 })
        ? 'h2'
        : e.isActive('heading', { level: 3 })
          ? 'h3'
          : e.isActive('heading', { level: 4 })
            ? 'h4'
            : 'p',
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      underline: e.isActive('underline'),
      bullet: e.isActive('bulletList'),
      ordered: e.isActive('orderedList'),
      inTable: e.isActive('table'),
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  });
  const chain = () => editor.chain().focus();
  const btn = (key: string, title: string, icon: React.ReactNode, active: boolean, run: () => void, disabled = false) => (
    <Tooltip title={title} key={key}>
      <Button
        type={active ? 'primary' : 'text'}
        ghost={active}
        size="small"
        icon={icon}
        aria-label={title}
        aria-pressed={active}
        disabled={disabled}
        onMouseDown={(e) => e.preventDefault()}
        onClick={run}
      />
    </Tooltip>
  );
  return (
    <div className="rte-toolbar" role="toolbar" aria-label={t('editor.toolbar')}>
      <Select
        size="small"
        value={s.block}
        style={{ width: 112 }}
        aria-label={t('editor.blockType')}
        popupMatchSelectWidth={false}
        options={[
          { value: 'p', label: t('editor.paragraph') },
          { value: 'h2', label: t('editor.h2') },
          { value: 'h3', label: t('editor.h3') },
          { value: 'h4', label: t('editor.h4') },
        ]}
        onChange={(v: string) => {
          if (v === 'p') chain().setParagraph().run();
          else chain().setHeading({ level: Number(v.slice(1)) as 2 | 3 | 4 }).run();
        }}
      />
      <Divider orientation="vertical" />
      {btn('bold', t('editor.bold'), <BoldOutlined />, s.bold, () => chain().toggleBold().run())}
      {btn('italic', t('editor.italic'), <ItalicOutlined />, s.italic, () => chain().toggleItalic().run())}
      {btn('underline', t('editor.underline'), <UnderlineOutlined />, s.underline, () => chain().toggleUnderline().run())}
      <Divider orientation="vertical" />
      {btn('bullet', t('editor.bulletList'), <UnorderedListOutlined />, s.bullet, () => chain().toggleBulletList().run())}
      {btn('ordered', t('editor.orderedList'), <OrderedListOutlined />, s.ordered, () => chain().toggleOrderedList().run())}
      <Divider orientation="vertical" />
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            { key: 'insert', label: t('editor.table.insert'), disabled: s.inTable },
            { type: 'divider' },
            { key: 'rowAfter', label: t('editor.table.addRow'), disabled: !s.inTable },
            { key: 'colAfter', label: t('editor.table.addColumn'), disabled: !s.inTable },
            { key: 'delRow', label: t('editor.table.deleteRow'), disabled: !s.inTable },
            { key: 'delCol', label: t('editor.table.deleteColumn'), disabled: !s.inTable },
            { key: 'header', label: t('editor.table.toggleHeader'), disabled: !s.inTable },
            { type: 'divider' },
            { key: 'delTable', label: t('editor.table.delete'), disabled: !s.inTable, danger: true },
          ],
          onClick: ({ key }) => {
            const c = chain();
            if (key === 'insert') c.insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run();
            if (key === 'rowAfter') c.addRowAfter().run();
            if (key === 'colAfter') c.addColumnAfter().run();
            if (key === 'delRow') c.deleteRow().run();
            if (key === 'delCol') c.deleteColumn().run();
            if (key === 'header') c.toggleHeaderRow().run();
            if (key === 'delTable') c.deleteTable().run();
          },
        }}
      >
        <Button size="small" type={s.inTable ? 'primary' : 'text'} ghost={s.inTable} icon={<TableOutlined />} onMouseDown={(e) => e.preventDefault()}>
          {t('editor.table')}
        </Button>
      </Dropdown>
      <Divider orientation="vertical" />
      {btn('undo', t('editor.undo'), <UndoOutlined />, false, () => chain().undo().run(), !s.canUndo)}
      {btn('redo', t('editor.redo'), <RedoOutlined />, false, () => chain().redo().run(), !s.canRedo)}
    </div>
  );
}
