import { useEffect, useRef, useState, type Ref } from 'react';
import { App, Button, Card, Form, Input, List, Popconfirm, Radio, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PaperClipOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { ARTICLE_TYPES, URGENCIES, type TAttachment, type TAuthor, type TTopic } from '@baosong/contract';
import { api } from '../../api/client';
import { articlesApi } from '../../api/articles';
import { useI18n } from '../../i18n';
import { RichTextEditor, type RichTextEditorHandle } from '../../components/editor/RichTextEditor';
import type { ArticleDraft, ArticleFields } from './useArticleDraft';

export function currentYear(): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
}

export function useTopics(year = currentYear()) {
  return useQuery({ queryKey: ['topics', year], queryFn: () => api.get<TTopic[]>(`/api/topics?year=${year}`), staleTime: 60_000 });
}

/** Title and body on a page that looks like the printed document. */
export function ArticlePaper(props: { draft: ArticleDraft; editorRef: Ref<RichTextEditorHandle> }) {
  const { t } = useI18n();
  const { draft } = props;
  return (
    <RichTextEditor
      ref={props.editorRef}
      className="doc-paper-edit"
      initialHtml={draft.values.bodyHtml}
      onChange={(bodyHtml) => draft.change({ bodyHtml })}
      ariaLabel={t('article.body')}
      header={
        <Input.TextArea
          className="doc-title-input"
          autoSize={{ minRows: 1, maxRows: 4 }}
          maxLength={200}
          placeholder={t('article.titlePlaceholder')}
          aria-label={t('article.title')}
          value={draft.values.title}
          onChange={(e) => draft.change({ title: e.target.value.replace(/\n/g, '') })}
        />
      }
    />
  );
}

type MetaForm = Pick<ArticleFields, 'type' | 'topicIds' | 'urgency' | 'signer'> & { authors: Partial<TAuthor>[] };

/** Type, topics, urgency, signer and authors; every change goes to the draft (and so to autosave). */
export function ArticleMetaForm(props: { draft: ArticleDraft; unitFields: boolean; formRef?: (f: { setValues(v: ArticleFields): void }) => void }) {
  const { t } = useI18n();
  const { draft } = props;
  const [form] = Form.useForm<MetaForm>();
  const topics = useTopics();
  const setRef = useRef(props.formRef);
  useEffect(() => {
    setRef.current?.({ setValues: (v) => form.setFieldsValue({ ...v, authors: v.authors }) });
  }, [form]);
  const selected = new Set(draft.values.topicIds);
  const topicOptions = (topics.data ?? [])
    .filter((tp) => tp.active || selected.has(tp.id))
    .map((tp) => ({ value: tp.id, label: tp.name }));
  return (
    <Form<MetaForm>
      form={form}
      layout="vertical"
      name="article-meta"
      requiredMark={false}
      initialValues={{ ...draft.values, authors: draft.values.authors.length ? draft.values.authors : props.unitFields ? [{ name: '', phone: '' }] : [] }}
      onValuesChange={(changed: Partial<MetaForm>, all: MetaForm) => {
        const patch: Partial<ArticleFields> = {};
        for (const k of Object.keys(changed) as (keyof MetaForm)[]) {
          if (k === 'authors') {
            patch.authors = (all.authors ?? [])
              .filter((a) => a?.name?.trim())
              .map((a) => ({ name: a.name!.trim(), phone: (a.phone ?? '').trim() }));
          } else if (k === 'signer') patch.signer = (all.signer ?? '').trim();
          else Object.assign(patch, { [k]: all[k] });
        }
        draft.change(patch);
      }}
    >
      <Form.Item name="type" label={t('article.type')}>
        <Radio.Group optionType="button" buttonStyle="solid" className="type-radio" options={ARTICLE_TYPES.map((v) => ({ value: v, label: t(`article.type.${v}`) }))} />
      </Form.Item>
      <Form.Item name="topicIds" label={t('article.topics')} extra={topicOptions.length ? undefined : t('article.noTopics')}>
        <Select mode="multiple" allowClear options={topicOptions} placeholder={t('article.topicsPlaceholder')} optionFilterProp="label" />
      </Form.Item>
      <Form.Item name="urgency" label={t('article.urgency')}>
        <Radio.Group options={URGENCIES.map((v) => ({ value: v, label: t(`article.urgency.${v}`) }))} />
      </Form.Item>
      {props.unitFields && (
        <>
          <Form.Item name="signer" label={t('article.signer')}>
            <Input maxLength={30} placeholder={t('article.signerPlaceholder')} />
          </Form.Item>
          <Form.Item label={t('article.authors')} style={{ marginBottom: 0 }}>
            <Form.List name="authors">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f, i) => (
                    <Space.Compact key={f.key} block style={{ marginBottom: 8 }}>
                      <Form.Item name={[f.name, 'name']} noStyle>
                        <Input maxLength={30} placeholder={t('article.authorName')} aria-label={`${t('article.authorName')} ${i + 1}`} style={{ width: '42%' }} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'phone']} noStyle>
                        <Input maxLength={40} placeholder={t('article.authorPhone')} aria-label={`${t('article.authorPhone')} ${i + 1}`} style={{ width: '46%' }} />
                      </Form.Item>
                      <Button icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => remove(f.name)} style={{ width: '12%' }} />
                    </Space.Compact>
                  ))}
                  {fields.length < 10 && (
                    <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ name: '', phone: '' })}>
                      {t('article.addAuthor')}
                    </Button>
                  )}
                </>
              )}
            </Form.List>
          </Form.Item>
        </>
      )}
    </Form>
  );
}

function formatSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** The article's attachments: links for everyone who sees it, upload and delete while it is editable. */
export function AttachmentList(props: { articleId: number; attachments: TAttachment[]; draft?: ArticleDraft; onChanged?(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [items, setItems] = useState(props.attachments);
  useEffect(() => setItems(props.attachments), [props.attachments]);
  const editable = Boolean(props.draft);

  async function upload(files: FileList) {
    setBusy(true);
    try {
      for (const file of Array.from(files)) {
        try {
          const att = await props.draft!.bumping(() => articlesApi.uploadAttachment(props.articleId, file) as Promise<TAttachment>);
          setItems((xs) => [...xs, att]);
        } catch (e) {
          message.error(`${file.name}：${e instanceof Error ? e.message : String(e)}`, 8);
        }
      }
      props.onChanged?.();
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  }

  async function remove(att: TAttachment) {
    try {
      await articlesApi.deleteAttachment(att.id);
      setItems((xs) => xs.filter((x) => x.id !== att.id));
      props.onChanged?.();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <div data-testid="attachments">
      {items.length === 0 && !editable && <Typography.Text type="secondary">{t('common.none')}</Typography.Text>}
      {items.length > 0 && (
        <List
          size="small"
          dataSource={items}
          renderItem={(att) => (
            <List.Item
              actions={
                editable
                  ? [
                      <Popconfirm key="del" title={t('article.attachmentDeleteConfirm', { name: att.filename })} onConfirm={() => void remove(att)}>
                        <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
                      </Popconfirm>,
                    ]
                  : []
              }
            >
              <Space size={6} style={{ minWidth: 0 }}>
                <PaperClipOutlined />
                <Typography.Link href={`/api/attachments/${att.id}/content`} target="_blank" ellipsis style={{ maxWidth: 220 }}>
                  {att.filename}
                </Typography.Link>
                <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                  {formatSize(att.size)}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
      {editable && (
        <>
          <input
            ref={input}
            type="file"
            multiple
            style={{ display: 'none' }}
            data-testid="attachment-file"
            onChange={(e) => e.target.files?.length && void upload(e.target.files)}
          />
          <Button block icon={<UploadOutlined />} loading={busy} onClick={() => input.current?.click()} style={{ marginTop: 8 }}>
            {t('article.uploadAttachment')}
          </Button>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '6px 0 0' }}>
            {t('article.attachmentHint')}
          </Typography.Paragraph>
        </>
      )}
    </div>
  );
}
