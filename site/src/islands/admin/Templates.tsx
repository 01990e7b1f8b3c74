// 答复模板: standard wording the units start their replies from, per category or for all, shared by
// every unit or a unit's own (a school's speaks as the school). The reply editor inserts a template
// at the cursor with its placeholders filled; the text is always edited for the case at hand.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { REPLY_PLACEHOLDERS } from '../../../../server/domain/reply-placeholders.ts';
import { createReplyTemplate, deleteReplyTemplate, listReplyTemplates, updateReplyTemplate } from './api.ts';
import { useCategoryOptions, useUnits } from './hooks.ts';
import { CreateButton, ListScreen, LoadedList, PanelForm, useCheckedForm, useConfirmed, useListPanel } from './list-screen.tsx';
import { REPLY_MAX_LENGTH, textLength } from './ReplyEditor.tsx';
import type { ReplyTemplate } from './types.ts';
import { Field, FormError, PanelButton, PlainText, SelectField } from './ui.tsx';

const TITLE_MAX = 50;
const LABELS = { category: '适用类别', unitId: '所属单位', title: '模板名称', body: '模板内容' };
/** The select's value for a template that fits every category (category null in the API). */
const GENERAL = '';

type Panel = { kind: 'create' } | { kind: 'edit'; template: ReplyTemplate };

export function Templates() {
  const [filter, setFilter] = useState('');
  const { list: templates, panel, open, close, message, setMessage, saved } = useListPanel<{ templates: ReplyTemplate[] }, Panel>(
    () => listReplyTemplates(filter || undefined),
    `templates-${filter}`,
  );
  const categories = useCategoryOptions();
  const remove = useConfirmed();

  async function onDelete(template: ReplyTemplate) {
    if (await remove.confirmThen(`确定要删除模板“${template.title}”吗？已写好的答复不受影响。`, () => deleteReplyTemplate(template.id))) {
      setMessage(`已删除模板“${template.title}”。`);
      if (panel?.kind === 'edit' && panel.template.id === template.id) close();
      templates.reload();
      document.getElementById('templates-heading')?.focus();
    }
  }

  return (
    <ListScreen
      title="答复模板"
      intro={
        <>
          常用的答复措辞。办理单位起草答复时可以把模板插入到答复中，再按具体情况修改。“通用”模板适用于所有类别；“各单位通用”的模板所有单位都能用，请用 {'{单位}'} 代替“我局”“我校”，答复就以承办单位的口吻发出；某个单位自己的模板只提供给该单位的经办人。
        </>
      }
      aside={<PlaceholderHelp />}
      message={message}
      notice={<FormError error={remove.error} />}
      toolbar={
        <>
          <CreateButton state={{ panel, open }}>新建模板</CreateButton>
          <SelectField
            id="templates-filter"
            label="按类别查看"
            class="admin-toolbar__filter"
            value={filter}
            onChange={setFilter}
            emptyLabel="全部模板"
            options={categories.map((category) => ({ value: category.code, label: category.label }))}
          />
        </>
      }
      panel={
        panel && (
          <TemplateForm
            key={panel.kind === 'edit' ? panel.template.id : 'new'}
            template={panel.kind === 'edit' ? panel.template : null}
            categories={categories}
            defaultCategory={filter}
            onCancel={close}
            onSaved={saved}
          />
        )
      }
    >
      <section class="admin-section" aria-labelledby="templates-heading">
        <h2 id="templates-heading" tabIndex={-1}>
          模板列表
        </h2>
        <LoadedList list={templates}>
          {({ templates: list }) =>
            list.length === 0 ? (
              <p class="empty">还没有模板。</p>
            ) : (
              <ul class="admin-template-list">
                {list.map((template) => (
                  <li key={template.id} class="admin-card">
                    <div class="admin-template-list__head">
                      <h3>{template.title}</h3>
                      <span class="badges">
                        <span class="badge admin-badge--plain">{template.categoryLabel ?? '通用'}</span>
                        <span class="badge admin-badge--plain">{template.unitName ?? '各单位通用'}</span>
                      </span>
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
            )
          }
        </LoadedList>
      </section>
    </ListScreen>
  );
}

/** The placeholders a template may use, and what each becomes when inserted. */
function PlaceholderHelp() {
  return (
    <details class="admin-placeholders">
      <summary>模板中可用的占位符</summary>
      <p>插入模板时，占位符会按该条意见自动填写；暂无内容的（如尚未受理时的 {'{受理日期}'}）保持原样，请手动填写。</p>
      <dl class="admin-placeholders__list">
        {REPLY_PLACEHOLDERS.map((placeholder) => (
          <div key={placeholder.name}>
            <dt>
              <code>{`{${placeholder.name}}`}</code>
            </dt>
            <dd>{placeholder.meaning}</dd>
          </div>
        ))}
      </dl>
    </details>
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
  const [unitId, setUnitId] = useState(template?.unitId ? String(template.unitId) : '');
  const units = useUnits();
  const [title, setTitle] = useState(template?.title ?? '');
  const [body, setBody] = useState(template?.body ?? '');
  const { submission, errors, check } = useCheckedForm();
  const prefix = template ? `template-${template.id}` : 'template-new';
  const length = textLength(body);

  async function onSubmit(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!title.trim()) found.title = '请填写模板名称。';
    else if (title.trim().length > TITLE_MAX) found.title = `模板名称不能超过 ${TITLE_MAX} 个字。`;
    if (length === 0) found.body = '请填写模板内容。';
    else if (length > REPLY_MAX_LENGTH) found.body = `模板内容不能超过 ${REPLY_MAX_LENGTH} 字。`;
    if (!check(event.currentTarget, found)) return;
    const input = { category: category === GENERAL ? null : category, unitId: unitId ? Number(unitId) : null, title: title.trim(), body: body.trim() };
    const result = await submission.run(() => (template ? updateReplyTemplate(template.id, input) : createReplyTemplate(input)));
    if (result) onSaved(template ? `已保存模板“${input.title}”。` : `已新建模板“${input.title}”。`);
  }

  return (
    <PanelForm
      prefix={prefix}
      heading={template ? `修改模板：${template.title}` : '新建模板'}
      labels={LABELS}
      submission={submission}
      onSubmit={onSubmit}
      onCancel={onCancel}
      grid={
        <>
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
          <SelectField
            id={`${prefix}-unitId`}
            label={LABELS.unitId}
            hint="学校自己的模板以学校的口吻书写。"
            error={errors.unitId}
            value={unitId}
            onChange={setUnitId}
            emptyLabel="各单位通用"
            options={units.map((unit) => ({ value: String(unit.id), label: unit.name }))}
          />
          <Field id={`${prefix}-title`} label={LABELS.title} hint={`不超过 ${TITLE_MAX} 个字，仅内部可见。`} error={errors.title} required>
            {(control) => <input {...control} class="input" maxLength={TITLE_MAX} value={title} onInput={(event) => setTitle(event.currentTarget.value)} />}
          </Field>
        </>
      }
    >
      <Field id={`${prefix}-body`} label={LABELS.body} hint="可用“××”标出需要按具体情况填写的地方；可用的占位符见上方说明。" error={errors.body} required>
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
    </PanelForm>
  );
}
