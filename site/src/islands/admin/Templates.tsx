// 答复模板: standard wording the units start their replies from, per category or for all. The reply
// editor inserts a template at the cursor; the text is always edited for the case at hand.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { createReplyTemplate, deleteReplyTemplate, listReplyTemplates, updateReplyTemplate } from './api.ts';
import { fieldErrors, useCategoryOptions, useLoad, usePanel, useSubmission } from './hooks.ts';
import { REPLY_MAX_LENGTH, textLength } from './ReplyEditor.tsx';
import type { ReplyTemplate } from './types.ts';
import { Field, focusFirstInvalid, FocusHeading, FormError, LiveMessage, LoadError, Loading, PanelButton, PlainText, ScreenHeading } from './ui.tsx';

const TITLE_MAX = 50;
const LABELS = { category: '适用类别', title: '模板名称', body: '模板内容' };
/** The select's value for a template that fits every category (category null in the API). */
const GENERAL = '';

type Panel = { kind: 'create' } | { kind: 'edit'; template: ReplyTemplate };

export function Templates() {
  const [filter, setFilter] = useState('');
  const templates = useLoad(() => listReplyTemplates(filter || undefined), `templates-${filter}`);
  const categories = useCategoryOptions();
  const { panel, open, close, message, setMessage } = usePanel<Panel>();
  const remove = useSubmission();

  function saved(text: string) {
    setMessage(text);
    templates.reload();
    close();
  }

  async function onDelete(template: ReplyTemplate) {
    if (!window.confirm(`确定要删除模板“${template.title}”吗？已写好的答复不受影响。`)) return;
    const done = await remove.run(async () => {
      await deleteReplyTemplate(template.id);
      return true;
    });
    if (done) {
      setMessage(`已删除模板“${template.title}”。`);
      if (panel?.kind === 'edit' && panel.template.id === template.id) close();
      templates.reload();
      document.getElementById('templates-heading')?.focus();
    }
  }

  const list = templates.data?.templates ?? [];
  return (
    <>
      <ScreenHeading title="答复模板">答复模板</ScreenHeading>
      <p class="page-intro">常用的答复措辞。办理单位起草答复时可以把模板插入到答复中，再按具体情况修改。“通用”模板适用于所有类别。</p>
      <LiveMessage message={message} />
      <FormError error={remove.error} />
      <div class="admin-toolbar">
        <PanelButton expanded={panel?.kind === 'create'} onOpen={(opener) => open({ kind: 'create' }, opener)}>
          新建模板
        </PanelButton>
        <Field id="templates-filter" label="按类别查看" class="admin-toolbar__filter">
          {(control) => (
            <select {...control} class="select" value={filter} onChange={(event) => setFilter(event.currentTarget.value)}>
              <option value="">全部模板</option>
              {categories.map((category) => (
                <option key={category.code} value={category.code}>
                  {category.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {panel && (
        <TemplateForm
          key={panel.kind === 'edit' ? panel.template.id : 'new'}
          template={panel.kind === 'edit' ? panel.template : null}
          categories={categories}
          defaultCategory={filter}
          onCancel={close}
          onSaved={saved}
        />
      )}
      <section class="admin-section" aria-labelledby="templates-heading">
        <h2 id="templates-heading" tabIndex={-1}>
          模板列表
        </h2>
        {templates.loading && !templates.data && <Loading />}
        {templates.error && <LoadError error={templates.error} onRetry={templates.reload} />}
        {templates.data && list.length === 0 && <p class="empty">还没有模板。</p>}
        {list.length > 0 && (
          <ul class="admin-template-list">
            {list.map((template) => (
              <li key={template.id} class="admin-card">
                <div class="admin-template-list__head">
                  <h3>{template.title}</h3>
                  <span class="badge admin-badge--plain">{template.categoryLabel ?? '通用'}</span>
                </div>
                <PlainText text={template.body} class="admin-template-list__body" />
                <div class="admin-actions">
                  <PanelButton label={`修改模板 ${template.title}`} small onOpen={(opener) => open({ kind: 'edit', template }, opener)}>
                    修改
                  </PanelButton>
                  <button
                    type="button"
                    class="button button--secondary button--small admin-button--danger"
                    aria-label={`删除模板 ${template.title}`}
                    aria-disabled={remove.busy ? 'true' : undefined}
                    onClick={() => onDelete(template)}
                  >
                    删除
                  </button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

interface TemplateFormProps {
  template: ReplyTemplate | null;
  categories: Array<{ code: string; label: string }>;
  defaultCategory: string;
  onCancel: () => void;
  onSaved: (message: string) => void;
}

function TemplateForm({ template, categories, defaultCategory, onCancel, onSaved }: TemplateFormProps) {
  const [category, setCategory] = useState(template ? (template.category ?? GENERAL) : defaultCategory);
  const [title, setTitle] = useState(template?.title ?? '');
  const [body, setBody] = useState(template?.body ?? '');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const submission = useSubmission();
  const errors = { ...fieldErrors(submission.error), ...problems };
  const prefix = template ? `template-${template.id}` : 'template-new';
  const length = textLength(body);

  async function onSubmit(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!title.trim()) found.title = '请填写模板名称。';
    else if (title.trim().length > TITLE_MAX) found.title = `模板名称不能超过 ${TITLE_MAX} 个字。`;
    if (length === 0) found.body = '请填写模板内容。';
    else if (length > REPLY_MAX_LENGTH) found.body = `模板内容不能超过 ${REPLY_MAX_LENGTH} 字。`;
    setProblems(found);
    if (Object.keys(found).length > 0) return focusFirstInvalid(event.currentTarget);
    const input = { category: category === GENERAL ? null : category, title: title.trim(), body: body.trim() };
    const result = await submission.run(() => (template ? updateReplyTemplate(template.id, input) : createReplyTemplate(input)));
    if (result) onSaved(template ? `已保存模板“${input.title}”。` : `已新建模板“${input.title}”。`);
  }

  return (
    <section class="admin-panel" aria-labelledby={`${prefix}-heading`}>
      <FocusHeading id={`${prefix}-heading`}>{template ? `修改模板：${template.title}` : '新建模板'}</FocusHeading>
      <form class="admin-form admin-form--wide" noValidate onSubmit={onSubmit}>
        <FormError error={submission.error} labels={LABELS} idPrefix={prefix} />
        <div class="admin-form-grid">
          <Field id={`${prefix}-category`} label={LABELS.category} error={errors.category}>
            {(control) => (
              <select {...control} class="select" value={category} onChange={(event) => setCategory(event.currentTarget.value)}>
                <option value={GENERAL}>通用（所有类别）</option>
                {categories.map((option) => (
                  <option key={option.code} value={option.code}>
                    {option.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id={`${prefix}-title`} label={LABELS.title} hint={`不超过 ${TITLE_MAX} 个字，仅内部可见。`} error={errors.title} required>
            {(control) => <input {...control} class="input" maxLength={TITLE_MAX} value={title} onInput={(event) => setTitle(event.currentTarget.value)} />}
          </Field>
        </div>
        <Field id={`${prefix}-body`} label={LABELS.body} hint="可用“××”标出需要按具体情况填写的地方。" error={errors.body} required>
          {(control) => (
            <>
              <textarea
                {...control}
                aria-describedby={[control['aria-describedby'], `${prefix}-body-count`].filter(Boolean).join(' ')}
                class="textarea"
                rows={8}
                value={body}
                onInput={(event) => setBody(event.currentTarget.value)}
              />
              <span id={`${prefix}-body-count`} class={length > REPLY_MAX_LENGTH ? 'char-count char-count--error' : 'char-count'}>
                已输入 {length} / {REPLY_MAX_LENGTH} 字
              </span>
            </>
          )}
        </Field>
        <div class="form-actions">
          <button type="submit" class="button" aria-disabled={submission.busy ? 'true' : undefined}>
            {submission.busy ? '正在保存…' : '保存'}
          </button>
          <button type="button" class="admin-link-button" onClick={onCancel}>
            取消
          </button>
        </div>
      </form>
    </section>
  );
}
