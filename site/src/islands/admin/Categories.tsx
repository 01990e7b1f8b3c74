// 意见类别: what the public can choose when they write in, with each category's deadlines in
// working days. A category in use is switched off rather than deleted, so old opinions keep it.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { createCategory, listCategories, updateCategory } from './api.ts';
import { CodeField, CreateButton, ListScreen, ListTable, LoadedList, PanelForm, useCheckedForm, useListPanel } from './list-screen.tsx';
import type { Category } from './types.ts';
import { Checkbox, Field, PanelButton } from './ui.tsx';

// The same bounds as the CHECK constraints on feedback_categories.
const CODE = /^[a-z][a-z0-9_]{0,31}$/;
const LABEL_MAX = 20;
const ACCEPT_DAYS = { min: 1, max: 10 };
const REPLY_DAYS = { min: 1, max: 30 };
const LABELS = { code: '类别代码', label: '类别名称', acceptWorkingDays: '受理时限', replyWorkingDays: '答复时限', isActive: '启用' };

type Panel = { kind: 'create' } | { kind: 'edit'; category: Category };

export function Categories() {
  const { list, panel, open, close, message, saved } = useListPanel<{ categories: Category[] }, Panel>(listCategories, 'categories', { referenceData: true });
  return (
    <ListScreen
      title="意见类别"
      intro="群众留言时选择的类别，以及各类别的受理、答复时限（按工作日计，节假日和调休按「节假日」中的安排）。停用的类别不再出现在留言表单中，已有意见不受影响。"
      message={message}
      toolbar={<CreateButton state={{ panel, open }}>新增类别</CreateButton>}
      panel={
        panel && (
          <CategoryForm
            key={panel.kind === 'edit' ? panel.category.code : 'new'}
            category={panel.kind === 'edit' ? panel.category : null}
            onCancel={close}
            onSaved={saved}
          />
        )
      }
    >
      <LoadedList list={list}>
        {({ categories }) => (
          <ListTable caption="意见类别列表" compact columns={['名称', '代码', { label: '受理时限', numeric: true }, { label: '答复时限', numeric: true }, '状态']}>
            {categories.map((category) => (
              <tr key={category.code} class={category.isActive ? undefined : 'admin-row--inactive'}>
                <th scope="row">{category.label}</th>
                <td>
                  <code>{category.code}</code>
                </td>
                <td class="admin-num">{category.acceptWorkingDays} 个工作日</td>
                <td class="admin-num">{category.replyWorkingDays} 个工作日</td>
                <td>{category.isActive ? '启用' : <span class="badge admin-badge--plain">已停用</span>}</td>
                <td>
                  <PanelButton
                    small
                    label={`修改 ${category.label}`}
                    expanded={panel?.kind === 'edit' && panel.category.code === category.code}
                    onOpen={(opener) => open({ kind: 'edit', category }, opener)}
                  >
                    修改
                  </PanelButton>
                </td>
              </tr>
            ))}
          </ListTable>
        )}
      </LoadedList>
    </ListScreen>
  );
}

function daysProblem(value: string, bounds: { min: number; max: number }): string | null {
  const days = Number(value);
  return Number.isInteger(days) && days >= bounds.min && days <= bounds.max ? null : `请填写 ${bounds.min}～${bounds.max} 之间的整数。`;
}

function CategoryForm({ category, onCancel, onSaved }: { category: Category | null; onCancel: () => void; onSaved: (message: string) => void }) {
  const [code, setCode] = useState(category?.code ?? '');
  const [label, setLabel] = useState(category?.label ?? '');
  const [acceptDays, setAcceptDays] = useState(String(category?.acceptWorkingDays ?? 1));
  const [replyDays, setReplyDays] = useState(String(category?.replyWorkingDays ?? 5));
  const [isActive, setIsActive] = useState(category?.isActive ?? true);
  const { submission, errors, check } = useCheckedForm();
  const prefix = category ? `category-${category.code}` : 'category-new';

  async function onSubmit(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!category && !CODE.test(code.trim())) found.code = '类别代码以小写字母开头，只含小写字母、数字和下划线，不超过 32 位。';
    if (!label.trim()) found.label = '请填写类别名称。';
    else if (label.trim().length > LABEL_MAX) found.label = `类别名称不能超过 ${LABEL_MAX} 个字。`;
    const acceptProblem = daysProblem(acceptDays, ACCEPT_DAYS);
    if (acceptProblem) found.acceptWorkingDays = acceptProblem;
    const replyProblem = daysProblem(replyDays, REPLY_DAYS);
    if (replyProblem) found.replyWorkingDays = replyProblem;
    if (!check(event.currentTarget, found)) return;
    const fields = { label: label.trim(), acceptWorkingDays: Number(acceptDays), replyWorkingDays: Number(replyDays) };
    const result = await submission.run(() =>
      category ? updateCategory(category.code, { ...fields, isActive }) : createCategory({ code: code.trim(), ...fields }),
    );
    if (result) onSaved(category ? `已保存类别“${fields.label}”。` : `已新增类别“${fields.label}”。`);
  }

  return (
    <PanelForm
      prefix={prefix}
      heading={category ? `修改类别：${category.label}` : '新增类别'}
      labels={LABELS}
      submission={submission}
      onSubmit={onSubmit}
      onCancel={onCancel}
      grid={
        <>
          {!category && <CodeField id={`${prefix}-code`} label={LABELS.code} hint="如 canteen，创建后不能修改。" error={errors.code} value={code} onChange={setCode} />}
          <Field id={`${prefix}-label`} label={LABELS.label} hint={`不超过 ${LABEL_MAX} 个字，群众留言时看到的名称。`} error={errors.label} required>
            {(control) => <input {...control} class="input" maxLength={LABEL_MAX} value={label} onInput={(event) => setLabel(event.currentTarget.value)} />}
          </Field>
          <DaysField
            id={`${prefix}-acceptWorkingDays`}
            label={LABELS.acceptWorkingDays}
            hint={`收到后几个工作日内受理，${ACCEPT_DAYS.min}～${ACCEPT_DAYS.max}。`}
            error={errors.acceptWorkingDays}
            bounds={ACCEPT_DAYS}
            value={acceptDays}
            onChange={setAcceptDays}
          />
          <DaysField
            id={`${prefix}-replyWorkingDays`}
            label={LABELS.replyWorkingDays}
            hint={`受理后几个工作日内答复，${REPLY_DAYS.min}～${REPLY_DAYS.max}。`}
            error={errors.replyWorkingDays}
            bounds={REPLY_DAYS}
            value={replyDays}
            onChange={setReplyDays}
          />
        </>
      }
    >
      {category && (
        <Checkbox id={`${prefix}-isActive`} label={LABELS.isActive} hint="取消勾选即停用：留言表单不再提供该类别。" checked={isActive} onChange={setIsActive} />
      )}
    </PanelForm>
  );
}

interface DaysFieldProps {
  id: string;
  label: string;
  hint: string;
  error: string | undefined;
  bounds: { min: number; max: number };
  value: string;
  onChange: (value: string) => void;
}

/** A deadline in working days: a short number box within its bounds. */
function DaysField({ id, label, hint, error, bounds, value, onChange }: DaysFieldProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error} required>
      {(control) => (
        <input
          {...control}
          class="input admin-input--short"
          type="number"
          inputMode="numeric"
          min={bounds.min}
          max={bounds.max}
          value={value}
          onInput={(event) => onChange(event.currentTarget.value)}
        />
      )}
    </Field>
  );
}
