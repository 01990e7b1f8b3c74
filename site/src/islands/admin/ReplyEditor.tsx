// The reply text box used by 提交答复 and 审核通过: a textarea, a picker that inserts a reply
// template at the cursor with its placeholders filled from the opinion (the text is then edited
// like any other), and a character count. The templates offered are the opinion's unit's own and
// the shared ones.
import { useEffect, useRef, useState } from 'preact/hooks';
import { fillPlaceholders, placeholderValues } from '../../../../server/domain/reply-placeholders.ts';
import { listReplyTemplates } from './api.ts';
import { useAdminSession, useLoad } from './hooks.ts';
import type { Feedback } from './types.ts';
import { Field } from './ui.tsx';

/** Longest reply the app lets through; the same bound as a template body. */
export const REPLY_MAX_LENGTH = 5000;

/** Length as the server counts it: line breaks normalised, surrounding blanks dropped. */
export function textLength(text: string): number {
  return text.replace(/\r\n?/g, '\n').trim().length;
}

interface ReplyEditorProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** The opinion: templates for its category and unit are offered, and fill their placeholders from it. */
  feedback: Feedback;
  hint?: string;
  error?: string | undefined;
  required?: boolean;
}

export function ReplyEditor({ id, label, value, onChange, feedback, hint, error, required }: ReplyEditorProps) {
  const { bureauName } = useAdminSession();
  const category = feedback.category;
  // A 经办人 always gets their own unit's (the server sees to it); the 办公室 asks for the opinion's unit's.
  const unit = feedback.assignedUnitId ?? 'shared';
  const templates = useLoad(() => listReplyTemplates(category, unit), `templates-${category}-${unit}`);
  const [selected, setSelected] = useState('');
  const [inserted, setInserted] = useState<string | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const caret = useRef<number | null>(null);
  const length = textLength(value);
  const tooLong = length > REPLY_MAX_LENGTH;
  const countId = `${id}-count`;

  // After an insertion, put the cursor at the end of the inserted text so editing can go on.
  useEffect(() => {
    const element = textarea.current;
    if (caret.current === null || !element) return;
    element.focus();
    element.setSelectionRange(caret.current, caret.current);
    caret.current = null;
  });

  function insertTemplate() {
    const template = templates.data?.templates.find((candidate) => String(candidate.id) === selected);
    if (!template) return;
    const element = textarea.current;
    const start = element ? element.selectionStart : value.length;
    const end = element ? element.selectionEnd : value.length;
    const filled = fillPlaceholders(
      template.body,
      placeholderValues({
        assignedUnitName: feedback.assignedUnitName,
        bureauName,
        role: feedback.role,
        submittedAt: feedback.submittedAt,
        acceptedAt: feedback.acceptedAt,
        replyDueOn: feedback.replyDueOn,
        trackingCode: feedback.trackingCode,
        categoryLabel: feedback.categoryLabel,
      }),
    );
    caret.current = start + filled.text.length;
    onChange(value.slice(0, start) + filled.text + value.slice(end));
    const left = filled.unfilled.length > 0 ? `其中 ${filled.unfilled.map((name) => `{${name}}`).join('、')} 暂无内容，请手动填写。` : '';
    setInserted(`已插入模板“${template.title}”，请根据实际情况修改。${left}`);
  }

  const list = templates.data?.templates ?? [];
  return (
    <div class="admin-reply-editor">
      {list.length > 0 && (
        <div class="admin-template-picker">
          <Field id={`${id}-template`} label="答复模板" class="admin-template-picker__field">
            {(control) => (
              <select {...control} class="select" value={selected} onChange={(event) => setSelected(event.currentTarget.value)}>
                <option value="">请选择模板</option>
                {list.map((template) => (
                  <option key={template.id} value={String(template.id)}>
                    {template.unitName ? `${template.unitName}·` : ''}
                    {template.categoryLabel ? `${template.categoryLabel}：` : '通用：'}
                    {template.title}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="button" class="button button--secondary" disabled={!selected} onClick={insertTemplate}>
            插入到光标处
          </button>
        </div>
      )}
      <p class={inserted ? 'admin-small' : 'visually-hidden'} role="status">
        {inserted}
      </p>
      <Field id={id} label={label} hint={hint} error={error} required={required}>
        {(control) => (
          <>
            <textarea
              {...control}
              aria-describedby={[control['aria-describedby'], countId].filter(Boolean).join(' ')}
              ref={textarea}
              class="textarea"
              rows={10}
              value={value}
              onInput={(event) => onChange(event.currentTarget.value)}
            />
            <span id={countId} class={tooLong ? 'char-count char-count--error' : 'char-count'}>
              已输入 {length} / {REPLY_MAX_LENGTH} 字
            </span>
          </>
        )}
      </Field>
    </div>
  );
}
