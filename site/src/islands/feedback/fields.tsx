// Small pieces of the form: a field's error, a text input or a select with its label, hint and
// error tied together for screen readers.
import type { ComponentChildren, JSX } from 'preact';
import type { FieldErrors, FieldName } from './form-model.ts';

/** Element id of a field's control; radio groups point at their first option. */
export function controlId(field: FieldName): string {
  return field === 'role' ? 'feedback-role-0' : `feedback-${field}`;
}

export function errorId(field: FieldName): string {
  return `feedback-${field}-error`;
}

/** Error summary links move focus to the control itself, not only scroll to it. */
export function focusField(event: JSX.TargetedMouseEvent<HTMLAnchorElement>, field: FieldName) {
  const control = document.getElementById(controlId(field));
  if (!control) return;
  event.preventDefault();
  control.scrollIntoView({ block: 'center' });
  control.focus({ preventScroll: true });
}

export function FieldError({ field, errors }: { field: FieldName; errors: FieldErrors }) {
  const message = errors[field];
  if (!message) return null;
  return (
    <span class="field__error" id={errorId(field)}>
      <span class="visually-hidden">错误：</span>
      {message}
    </span>
  );
}

/** aria-describedby for a control: its hint (if any) and its error (if any). */
export function describedBy(field: FieldName, errors: FieldErrors, hintId?: string): string | undefined {
  const ids = [hintId, errors[field] ? errorId(field) : undefined].filter((id): id is string => Boolean(id));
  return ids.length > 0 ? ids.join(' ') : undefined;
}

interface TextInputProps {
  field: 'title' | 'itemCode' | 'contactName' | 'contactPhone' | 'contactEmail';
  label: string;
  optional?: boolean;
  hint?: string;
  type: 'text' | 'tel' | 'email';
  inputMode?: 'numeric';
  autoComplete: string;
  maxLength: number;
  pattern?: string;
  value: string;
  errors: FieldErrors;
  onValue: (value: string) => void;
}

export function TextInput({ field, label, optional, hint, type, inputMode, autoComplete, maxLength, pattern, value, errors, onValue }: TextInputProps) {
  const hintId = hint ? `feedback-${field}-hint` : undefined;
  return (
    <div class={errors[field] ? 'field field--invalid' : 'field'}>
      <label class="field__label" for={controlId(field)}>
        {label}
        {optional && <span class="field__optional">（选填）</span>}
      </label>
      {hint && (
        <span class="field__hint" id={hintId}>
          {hint}
        </span>
      )}
      <FieldError field={field} errors={errors} />
      <input
        class="input"
        type={type}
        inputMode={inputMode}
        id={controlId(field)}
        name={field}
        autoComplete={autoComplete}
        maxLength={maxLength}
        pattern={pattern}
        value={value}
        aria-invalid={errors[field] ? true : undefined}
        aria-describedby={describedBy(field, errors, hintId)}
        onInput={(event) => onValue(event.currentTarget.value)}
      />
    </div>
  );
}

interface SelectFieldProps {
  field: 'category' | 'unitCode' | 'itemCode';
  label: string;
  /** Marked with a * (and required for the browser's own checks before the island runs). */
  required?: boolean;
  value: string;
  errors: FieldErrors;
  onValue: (value: string) => void;
  /** The options, the empty choice first. */
  children: ComponentChildren;
}

export function SelectField({ field, label, required, value, errors, onValue, children }: SelectFieldProps) {
  return (
    <div class={errors[field] ? 'field field--invalid' : 'field'}>
      <label class="field__label" for={controlId(field)}>
        {label}
        {required ? (
          <span class="field__required" aria-hidden="true">
            *
          </span>
        ) : (
          <span class="field__optional">（选填）</span>
        )}
      </label>
      <FieldError field={field} errors={errors} />
      <select
        class="select"
        id={controlId(field)}
        name={field}
        required={required}
        value={value}
        aria-invalid={errors[field] ? true : undefined}
        aria-describedby={describedBy(field, errors)}
        onChange={(event) => onValue(event.currentTarget.value)}
      >
        {children}
      </select>
    </div>
  );
}
