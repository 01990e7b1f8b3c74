// The list-and-panel screen that the admin CRUD screens share (单位, 意见类别, 用户, 答复模板, 问题类别,
// 节假日 …): a heading, an intro, a live message, a toolbar that opens one form panel at a time, and
// a list that loads with a retry. The hooks keep the load/save/confirm steps in one place, so every
// screen says the same things in the same way.
import type { ComponentChildren, JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { ApiError } from './api.ts';
import { fieldErrors, forgetReferenceData, type Loaded, useLoad, usePanel, type PanelState, type Submission, useSubmission } from './hooks.ts';
import { Field, FocusHeading, focusFirstInvalid, FormActions, FormError, LiveMessage, LoadError, Loading, PanelButton, ScreenHeading } from './ui.tsx';

export interface ListPanel<T, P> extends PanelState<P> {
  list: Loaded<T>;
  /** After a save: say so, reload the list and close the panel (focus goes back to its opener). */
  saved: (message: string) => void;
}

/**
 * A list loaded from the API with one form panel over it. `referenceData` is for the lists that
 * other screens cache (units, categories): a save makes them fetch again.
 */
export function useListPanel<T, P>(load: () => Promise<T>, key: string, options: { referenceData?: boolean } = {}): ListPanel<T, P> {
  const list = useLoad(load, key);
  const panel = usePanel<P>();
  function saved(message: string) {
    panel.setMessage(message);
    if (options.referenceData) forgetReferenceData();
    list.reload();
    panel.close();
  }
  return { ...panel, list, saved };
}

export interface CheckedForm {
  submission: Submission;
  /** The form's own problems over the server's, by field name. */
  errors: Record<string, string>;
  /**
   * Shows the problems the form found itself; with any, focuses the first invalid control and
   * answers false, so the caller returns before sending.
   */
  check: (form: HTMLFormElement, found: Record<string, string>) => boolean;
}

/** A form that checks its fields before it sends, and shows the server's field errors after. */
export function useCheckedForm(): CheckedForm {
  const [problems, setProblems] = useState<Record<string, string>>({});
  const submission = useSubmission();
  function check(form: HTMLFormElement, found: Record<string, string>): boolean {
    setProblems(found);
    if (Object.keys(found).length === 0) return true;
    focusFirstInvalid(form);
    return false;
  }
  return { submission, errors: { ...fieldErrors(submission.error), ...problems }, check };
}

/**
 * Asks before a request that cannot be undone (window.confirm, the browser's own accessible
 * dialog), then runs it; resolves true when it was confirmed and succeeded.
 */
export function useConfirmed(): Submission & { confirmThen: (question: string, task: () => Promise<unknown>) => Promise<boolean> } {
  const submission = useSubmission();
  async function confirmThen(question: string, task: () => Promise<unknown>): Promise<boolean> {
    if (!window.confirm(question)) return false;
    const done = await submission.run(async () => {
      await task();
      return true;
    });
    return done === true;
  }
  return { ...submission, confirmThen };
}

interface ListScreenProps {
  /** The <h1> and the tab's title. */
  title: string;
  /** The screen's one-paragraph explanation (p.page-intro). */
  intro: ComponentChildren;
  /** What stands between the intro and the live message (a <details> of help, say). */
  aside?: ComponentChildren;
  message: string | null;
  /** Shown above the toolbar: a failed removal's error, say. */
  notice?: ComponentChildren;
  /** The buttons (and filters) of the .admin-toolbar; none: no toolbar. */
  toolbar?: ComponentChildren;
  /** The open form panel, if any. */
  panel?: ComponentChildren;
  children: ComponentChildren;
}

export function ListScreen({ title, intro, aside, message, notice, toolbar, panel, children }: ListScreenProps) {
  return (
    <>
      <ScreenHeading title={title}>{title}</ScreenHeading>
      <p class="page-intro">{intro}</p>
      {aside}
      <LiveMessage message={message} />
      {notice}
      {toolbar && <div class="admin-toolbar">{toolbar}</div>}
      {panel}
      {children}
    </>
  );
}

/** A list's three states: loading (the first time), failed with a retry, loaded. */
export function LoadedList<T>({ list, loadingLabel, children }: { list: Loaded<T>; loadingLabel?: string; children: (data: T) => ComponentChildren }) {
  return (
    <>
      {list.loading && !list.data && <Loading label={loadingLabel} />}
      {list.error && <LoadError error={list.error} onRetry={list.reload} />}
      {list.data !== undefined && children(list.data)}
    </>
  );
}

export type Column = string | { label: string; numeric?: boolean };

/**
 * The admin table of a list: a hidden caption, the column heads, and (with `actions`) a last
 * column for each row's buttons, named 操作 for screen readers only.
 */
export function ListTable({
  caption,
  columns,
  actions = true,
  compact = false,
  class: extraClass,
  children,
}: {
  caption?: string;
  columns: Column[];
  actions?: boolean;
  compact?: boolean;
  class?: string;
  children: ComponentChildren;
}) {
  const classes = ['admin-table', compact ? 'admin-table--compact' : '', extraClass ?? ''].filter(Boolean).join(' ');
  return (
    <table class={classes}>
      {caption && <caption class="visually-hidden">{caption}</caption>}
      <thead>
        <tr>
          {columns.map((column) =>
            typeof column === 'string' ? (
              <th key={column} scope="col">
                {column}
              </th>
            ) : (
              <th key={column.label} scope="col" class={column.numeric ? 'admin-num' : undefined}>
                {column.label}
              </th>
            ),
          )}
          {actions && (
            <th scope="col">
              <span class="visually-hidden">操作</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

interface PanelFormProps {
  /** Prefix of the panel's ids: `${prefix}-heading`, and `${prefix}-${field}` for each control. */
  prefix: string;
  headingId?: string;
  heading: ComponentChildren;
  /** Field names to labels, for the error summary's links. */
  labels: Record<string, string>;
  /** The save's state: busy while it runs, its error after. */
  submission: { busy: boolean; error: ApiError | null };
  onSubmit: (event: JSX.TargetedEvent<HTMLFormElement, Event>) => void;
  onCancel: () => void;
  /** The fields laid out in the form's grid. */
  grid?: ComponentChildren;
  /** The submit button's text; 保存 (正在保存… while busy) unless given. */
  submitLabel?: ComponentChildren;
  /** What follows the grid: wide fields, check boxes. */
  children?: ComponentChildren;
}

/** A create or edit panel: its focused heading, the error summary, the fields, 保存 and 取消. */
export function PanelForm({ prefix, headingId = `${prefix}-heading`, heading, labels, submission, onSubmit, onCancel, grid, submitLabel, children }: PanelFormProps) {
  const { busy, error } = submission;
  return (
    <section class="admin-panel" aria-labelledby={headingId}>
      <FocusHeading id={headingId}>{heading}</FocusHeading>
      <form class="admin-form admin-form--wide" noValidate onSubmit={onSubmit}>
        <FormError error={error} labels={labels} idPrefix={prefix} />
        {grid && <div class="admin-form-grid">{grid}</div>}
        {children}
        <FormActions label={submitLabel ?? (busy ? '正在保存…' : '保存')} busy={busy} onCancel={onCancel} />
      </form>
    </section>
  );
}

/**
 * The code a new row is created with (单位代码, 类别代码): shown on the create form only, since the
 * public site links by it and it cannot change.
 */
export function CodeField({ id, label, hint, error, value, onChange }: { id: string; label: string; hint: string; error: string | undefined; value: string; onChange: (value: string) => void }) {
  return (
    <Field id={id} label={label} hint={hint} error={error} required>
      {(control) => <input {...control} class="input" autoCapitalize="none" spellcheck={false} maxLength={32} value={value} onInput={(event) => onChange(event.currentTarget.value)} />}
    </Field>
  );
}

/**
 * A panel form named by its aria-label instead of a heading (the 第三方评估 and 群众点题 screens):
 * the error summary, the fields, 保存 and 取消.
 */
export function NamedPanelForm({
  label,
  idPrefix,
  submission,
  onSubmit,
  onCancel,
  children,
}: {
  label: string;
  idPrefix?: string;
  submission: { busy: boolean; error: ApiError | null };
  onSubmit: (event: JSX.TargetedEvent<HTMLFormElement, Event>) => void;
  onCancel: () => void;
  children: ComponentChildren;
}) {
  return (
    <form class="admin-panel" onSubmit={onSubmit} noValidate aria-label={label}>
      <FormError error={submission.error} idPrefix={idPrefix} />
      {children}
      <div class="form-actions">
        <button type="submit" class="button" disabled={submission.busy}>
          保存
        </button>
        <button type="button" class="button button--secondary" onClick={onCancel}>
          取消
        </button>
      </div>
    </form>
  );
}

/** A create form's text fields as one object; `set(name)` is the handler for that field's control. */
export function useFormFields<T extends Record<string, string>>(initial: T) {
  const [fields, setFields] = useState(initial);
  const set = (key: keyof T) => (event: JSX.TargetedEvent<HTMLInputElement | HTMLTextAreaElement, Event>) => {
    const value = event.currentTarget.value;
    setFields((current) => ({ ...current, [key]: value }));
  };
  return [fields, set] as const;
}

/** The toolbar's 新增… button: opens the create panel (a list panel whose kinds include 'create'). */
export function CreateButton({
  state,
  children,
}: {
  state: { panel: { kind: string } | null; open: (panel: { kind: 'create' }, opener: HTMLElement | null) => void };
  children: ComponentChildren;
}) {
  return (
    <PanelButton expanded={state.panel?.kind === 'create'} onOpen={(opener) => state.open({ kind: 'create' }, opener)}>
      {children}
    </PanelButton>
  );
}
