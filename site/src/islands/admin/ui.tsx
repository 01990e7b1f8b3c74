// Small building blocks shared by the admin screens: the focused screen heading, labelled fields
// with their errors, status and error messages, state badges, dates and paging.
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import type { ApiError } from './api.ts';
import { DUE_KIND_LABELS } from './labels.ts';
import type { DueKind } from './types.ts';

/** The page's own title (AdminLayout: 管理后台 and the bureau's column title), read once before any screen renames the tab. */
let appTitle: string | null = null;

/**
 * The screen's <h1>. It takes focus when the screen opens, so keyboard and screen-reader users
 * start at the top of the new content, and it names the browser tab.
 */
export function ScreenHeading({ children, title }: { children: ComponentChildren; title: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: false });
  }, []);
  useEffect(() => {
    appTitle ??= document.title;
    document.title = `${title} - ${appTitle}`;
  }, [title]);
  return (
    <h1 class="admin-heading" tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}

/** A panel's or section's heading that takes focus when it appears. */
export function FocusHeading({ id, level = 2, children }: { id: string; level?: 2 | 3; children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  const Tag = level === 2 ? 'h2' : 'h3';
  return (
    <Tag id={id} tabIndex={-1} ref={ref}>
      {children}
    </Tag>
  );
}

export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
  required?: boolean;
}

interface FieldProps {
  id: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
  error?: string | undefined;
  required?: boolean;
  optional?: boolean;
  class?: string;
  children: (control: ControlProps) => ComponentChildren;
}

/** A label, an optional hint and error, and the control, tied together with for/aria-describedby. */
export function Field({ id, label, hint, error, required, optional, class: extraClass, children }: FieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  const classes = ['field', error ? 'field--invalid' : '', extraClass ?? ''].filter(Boolean).join(' ');
  return (
    <div class={classes}>
      <label class="field__label" for={id}>
        {label}
        {required && (
          <span class="field__required" aria-hidden="true">
            *
          </span>
        )}
        {optional && <span class="field__optional">（选填）</span>}
      </label>
      {hint && (
        <span class="field__hint" id={hintId}>
          {hint}
        </span>
      )}
      {error && (
        <span class="field__error" id={errorId}>
          {error}
        </span>
      )}
      {children({ id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined, required })}
    </div>
  );
}

interface CheckboxProps {
  id: string;
  label: ComponentChildren;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: string;
  disabled?: boolean;
}

export function Checkbox({ id, label, checked, onChange, hint, disabled }: CheckboxProps) {
  return (
    <div class="check admin-check">
      <input
        type="checkbox"
        id={id}
        checked={checked}
        disabled={disabled}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(event) => onChange(event.currentTarget.checked)}
      />
      <div>
        <label class="check__label" for={id}>
          {label}
        </label>
        {hint && (
          <span class="field__hint" id={`${id}-hint`}>
            {hint}
          </span>
        )}
      </div>
    </div>
  );
}

/**
 * After a form's own checks fail: focus the first control marked invalid, so its error (tied to it
 * with aria-describedby) is read out. Runs after Preact has rendered the errors.
 */
export function focusFirstInvalid(form: HTMLElement | null): void {
  requestAnimationFrame(() => {
    const control = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
    control?.scrollIntoView({ block: 'center' });
    control?.focus({ preventScroll: true });
  });
}

/**
 * What went wrong with a form, at its top: the server's message, then each field problem as a link
 * to its control. Takes focus when it appears so the problem is heard at once.
 */
export function FormError({ error, labels = {}, idPrefix }: { error: ApiError | null; labels?: Record<string, string>; idPrefix?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) ref.current?.focus();
  }, [error]);
  if (!error) return null;
  const problems = error.fields;
  return (
    <div class="error-summary" role="alert" tabIndex={-1} ref={ref}>
      <p class="error-summary__title">{error.message}</p>
      {(problems.length > 0 || error.problems.length > 0) && (
        <ul>
          {problems.map((problem) => {
            const label = labels[problem.field];
            const text = label ? `${label}：${problem.message}` : problem.message;
            return (
              <li key={`${problem.field}-${problem.message}`}>
                {idPrefix && label ? <a href={`#${idPrefix}-${problem.field}`} onClick={(event) => focusControl(event, `${idPrefix}-${problem.field}`)}>{text}</a> : text}
              </li>
            );
          })}
          {error.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Links in an error summary move focus to the control (a hash link would change the route). */
function focusControl(event: JSX.TargetedMouseEvent<HTMLAnchorElement>, id: string) {
  event.preventDefault();
  const control = document.getElementById(id);
  control?.scrollIntoView({ block: 'center' });
  control?.focus({ preventScroll: true });
}

/**
 * A polite live region that is always in the page, so screen readers hear what appears in it.
 * `message` is shown as a visible notice.
 */
/**
 * A button that opens a form panel (usePanel): the toolbar's "新增…" or a row's "修改". It hands
 * itself to `onOpen` so that closing the panel gives focus back to it.
 */
export function PanelButton({
  children,
  label,
  expanded,
  small = false,
  onOpen,
}: {
  children: ComponentChildren;
  /** The accessible name, when the visible text alone does not say which row. */
  label?: string;
  expanded?: boolean;
  small?: boolean;
  onOpen: (opener: HTMLButtonElement) => void;
}) {
  return (
    <button type="button" class={small ? 'button button--secondary button--small' : 'button'} aria-label={label} aria-expanded={expanded} onClick={(event) => onOpen(event.currentTarget)}>
      {children}
    </button>
  );
}

/** A form's submit button (marked busy while it saves) and its 取消 (or 关闭). */
export function FormActions({ label, busy, onCancel, cancelLabel = '取消' }: { label: ComponentChildren; busy: boolean; onCancel: () => void; cancelLabel?: string }) {
  return (
    <div class="form-actions">
      <button type="submit" class="button" aria-disabled={busy ? 'true' : undefined}>
        {label}
      </button>
      <button type="button" class="admin-link-button" onClick={onCancel}>
        {cancelLabel}
      </button>
    </div>
  );
}

export function LiveMessage({ message, tone = 'ok' }: { message: string | null; tone?: 'ok' | 'warning' }) {
  return (
    <div role="status" aria-live="polite" class="admin-live">
      {message && <p class={`admin-message admin-message--${tone}`}>{message}</p>}
    </div>
  );
}

export function Loading({ label = '正在加载…' }: { label?: string }) {
  return (
    <p class="admin-loading" role="status">
      {label}
    </p>
  );
}

/** A failed load: the message and a button to try again. */
export function LoadError({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  return (
    <div class="error-summary" role="alert">
      <p class="error-summary__title">{error.message}</p>
      {onRetry && error.status !== 403 && error.status !== 404 && (
        <button type="button" class="button button--secondary button--small" onClick={onRetry}>
          重试
        </button>
      )}
    </div>
  );
}

export function StateBadge({ state, label }: { state: string; label: string }) {
  return <span class={`badge admin-state admin-state--${state}`}>{label}</span>;
}

export function DateTime({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <>—</>;
  return <time dateTime={iso}>{formatDateTime(iso)}</time>;
}

export function CalendarDate({ date }: { date: string | null | undefined }) {
  if (!date) return <>—</>;
  return <time dateTime={date}>{formatDate(date)}</time>;
}

/** A due date with what it is for and its marks: 逾期, 即将到期, 暂定. */
export function DueDate({
  dueOn,
  dueKind,
  overdue,
  dueSoon,
  provisional,
}: {
  dueOn: string | null;
  dueKind?: DueKind | null;
  overdue?: boolean;
  dueSoon?: boolean;
  provisional?: boolean;
}) {
  if (!dueOn) return <span class="admin-muted">—</span>;
  return (
    <span class="admin-due">
      {dueKind && <span class="admin-due__kind">{DUE_KIND_LABELS[dueKind]}</span>}
      <CalendarDate date={dueOn} />
      {(overdue || dueSoon || provisional) && (
        <span class="badges">
          {overdue && <span class="badge badge--overdue">逾期</span>}
          {!overdue && dueSoon && <span class="badge admin-badge--soon">即将到期</span>}
          {provisional && (
            <span class="badge admin-badge--provisional" title="该年度节假日安排尚未录入，期限按周一至周五推算">
              暂定
            </span>
          )}
        </span>
      )}
    </span>
  );
}

/** Stored text with its line breaks; Preact escapes it, so markup in it shows as text. */
export function PlainText({ text, class: extraClass }: { text: string | null | undefined; class?: string }) {
  if (!text) return <p class="admin-muted">（无）</p>;
  return <div class={`admin-text ${extraClass ?? ''}`}>{text}</div>;
}

export function Pager({
  page,
  pageSize,
  total,
  pageHref,
  label,
}: {
  page: number;
  pageSize: number;
  total: number;
  pageHref: (page: number) => string;
  label: string;
}) {
  const pages = Math.max(1, Math.ceil(total / Math.max(1, pageSize)));
  if (pages <= 1) return null;
  return (
    <nav class="admin-pager" aria-label={label}>
      {page > 1 ? (
        <a class="button button--secondary button--small" href={pageHref(page - 1)}>
          上一页
        </a>
      ) : (
        <span class="admin-pager__gap" />
      )}
      <span class="admin-pager__where">
        第 {page} / {pages} 页
      </span>
      {page < pages ? (
        <a class="button button--secondary button--small" href={pageHref(page + 1)}>
          下一页
        </a>
      ) : (
        <span class="admin-pager__gap" />
      )}
    </nav>
  );
}

/** A labelled select whose first choice is "all" or "none" (the empty value): filters and choices. */
export function SelectField({
  id,
  label,
  hint,
  error,
  class: extraClass,
  value,
  onChange,
  emptyLabel,
  options,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  class?: string;
  value: string;
  onChange: (value: string) => void;
  emptyLabel: string;
  options: Array<{ value: string; label: string }>;
}) {
  return (
    <Field id={id} label={label} hint={hint} error={error} class={extraClass}>
      {(control) => (
        <select {...control} class="select" value={value} onChange={(event) => onChange(event.currentTarget.value)}>
          <option value="">{emptyLabel}</option>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** The 6-digit code of the authenticator app (sign-in and enrolment), with the phone's number pad. */
export function TotpCodeField({ id, name, hint, error, value, onChange }: { id: string; name?: string; hint?: string; error: string | undefined; value: string; onChange: (value: string) => void }) {
  return (
    <Field id={id} label="动态口令" hint={hint} error={error} required>
      {(control) => (
        <input
          {...control}
          class="input admin-code-input"
          name={name}
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]*"
          maxLength={6}
          value={value}
          onInput={(event) => onChange(event.currentTarget.value)}
        />
      )}
    </Field>
  );
}

/** A random temporary password (no look-alike characters), for the 系统管理员 to pass on. */
export function randomPassword(length = 16): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  // Bytes at or above the largest multiple of the alphabet's size are skipped: no character is favoured.
  const limit = 256 - (256 % alphabet.length);
  let password = '';
  while (password.length < length) {
    const bytes = crypto.getRandomValues(new Uint8Array(length * 2));
    for (const byte of bytes) {
      if (byte < limit && password.length < length) password += alphabet[byte % alphabet.length];
    }
  }
  return password;
}

const DATE_PARTS = /^\s*(\d{4})\s*(?:[-/.年]\s*)?(\d{1,2})\s*(?:[-/.月]\s*)?(\d{1,2})\s*日?\s*$/;

/**
 * '2026/12/5', '2026.12.05', '2026年12月5日', '20261205' → '2026-12-05'; anything else as typed,
 * for the form's own check or the server's 400 to name.
 */
export function normalizeDateText(text: string): string {
  const match = DATE_PARTS.exec(text);
  if (!match) return text.trim();
  const [, year, month, day] = match as unknown as [string, string, string, string];
  if ((month.length === 1 || day.length === 1) && !/[-/.年]/.test(text)) return text.trim();
  const value = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const date = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value ? text.trim() : value;
}

export const DATE_INPUT_HINT = '格式如 2026-12-05';

/**
 * A date typed as 2026-12-05 whatever the browser's language: a text box, not <input type=date>,
 * whose display follows the browser's locale (12/05/2026 in an English-language browser). Other
 * common ways of writing a date are turned into that form when the box is left; the change goes
 * to the box's own onInput, so it is a drop-in for the date inputs it replaces.
 */
export function DateInput({ min: _min, max: _max, ...props }: JSX.IntrinsicElements['input']) {
  // min and max belong to type=date only (the HTML checker refuses them on a text box).
  return (
    <input
      {...props}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      placeholder={props.placeholder ?? '2026-12-05'}
      title={props.title ?? DATE_INPUT_HINT}
      onBlur={(event) => {
        const element = event.currentTarget;
        const normalized = normalizeDateText(element.value);
        if (normalized !== element.value) {
          element.value = normalized;
          element.dispatchEvent(new Event('input', { bubbles: true }));
        }
        if (typeof props.onBlur === 'function') props.onBlur(event);
      }}
    />
  );
}
