// Small pieces the ledger screens share: loading with a retry, running a submission, a labelled
// field with its error, and the error box. (The admin app's hooks.ts and ui.tsx do the same for the
// other screens; these keep the ledger screens standing alone until they are merged.)
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { LedgerApiError } from './ledger-api.ts';

export function asLedgerError(error: unknown): LedgerApiError {
  return error instanceof LedgerApiError ? error : new LedgerApiError(0, '页面出现意外错误，请刷新后重试。');
}

export interface Loaded<T> {
  data: T | undefined;
  error: LedgerApiError | null;
  loading: boolean;
  reload: () => void;
}

/** Runs `load` when `key` changes; a late answer for an old key is dropped. */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<LedgerApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    const ticket = ++latest.current;
    setLoading(true);
    setError(null);
    loadRef.current().then(
      (result) => {
        if (ticket !== latest.current) return;
        setData(result);
        setLoading(false);
      },
      (failure: unknown) => {
        if (ticket !== latest.current) return;
        setError(asLedgerError(failure));
        setLoading(false);
      },
    );
  }, [key, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { data, error, loading, reload };
}

export interface Submission {
  busy: boolean;
  error: LedgerApiError | null;
  reset: () => void;
  /** Runs one request; resolves to its result, or undefined when it failed (the error is kept). */
  run: <T>(task: () => Promise<T>) => Promise<T | undefined>;
}

export function useSubmission(): Submission {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<LedgerApiError | null>(null);
  const run = useCallback(async <T,>(task: () => Promise<T>) => {
    setBusy(true);
    setError(null);
    try {
      return await task();
    } catch (failure) {
      setError(asLedgerError(failure));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, reset: () => setError(null), run };
}

/** The server's field messages by field name. */
export function fieldErrors(error: LedgerApiError | null): Record<string, string> {
  const found: Record<string, string> = {};
  for (const field of error?.fields ?? []) found[field.field] ??= field.message;
  return found;
}

interface FieldProps {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
  children: (control: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: true }) => ComponentChildren;
}

export function Field({ id, label, error, hint, required, children }: FieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field field--invalid' : 'field'}>
      <label class="field__label" for={id}>
        {label}
        {required && (
          <span class="field__required" aria-hidden="true">
            *
          </span>
        )}
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
      {children({ id, ...(describedBy ? { 'aria-describedby': describedBy } : {}), ...(error ? { 'aria-invalid': true as const } : {}) })}
    </div>
  );
}

/** A failed request's message (and its field messages when they have no field on screen). */
export function ErrorBox({ error, onRetry }: { error: LedgerApiError | null; onRetry?: () => void }) {
  if (!error) return null;
  return (
    <div class="error-summary" role="alert">
      <p>{error.message}</p>
      {onRetry && (
        <button type="button" class="button button--secondary" onClick={onRetry}>
          重试
        </button>
      )}
    </div>
  );
}

export function Loading() {
  return (
    <p class="admin-loading" role="status">
      正在加载……
    </p>
  );
}

/** '2026-11-24T02:00:00.000Z' → '2026-11-24 10:00' in Beijing time. */
export function formatInstant(iso: string): string {
  const parts = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** Today's date in Beijing, YYYY-MM-DD (a form's default date). */
export function todayInBeijing(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}
