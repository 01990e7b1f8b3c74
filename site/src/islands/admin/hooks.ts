// Hooks shared by the admin screens: the current hash route, loading data with a retry, running a
// form submission, the signed-in person, and the unit and category lists that several screens need.
import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, listCategories, listUnits } from './api.ts';
import { FEEDBACK_CATEGORY_LABELS } from './labels.ts';
import { parseHash, type Route } from './routing.ts';
import type { Category, Session, SessionUser, Unit } from './types.ts';

export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseHash(typeof window === 'undefined' ? '' : window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseHash(window.location.hash));
    update();
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, '页面出现意外错误，请刷新后重试。');
}

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
  /** Replaces the data with what an update returned, without another request. */
  setData: (data: T) => void;
}

/** Runs `load` when `key` changes; a late answer for an old key is dropped. */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
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
        setError(asApiError(failure));
        setLoading(false);
      },
    );
  }, [key, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const replace = useCallback((next: T) => {
    latest.current += 1;
    setData(next);
    setError(null);
    setLoading(false);
  }, []);
  return { data, error, loading, reload, setData: replace };
}

export interface Submission {
  busy: boolean;
  error: ApiError | null;
  setError: (error: ApiError | null) => void;
  /** Runs one request; resolves to its result, or undefined when it failed (the error is kept). */
  run: <T>(task: () => Promise<T>) => Promise<T | undefined>;
}

export function useSubmission(): Submission {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const busyRef = useRef(false);
  const run = useCallback(async <T,>(task: () => Promise<T>): Promise<T | undefined> => {
    if (busyRef.current) return undefined;
    busyRef.current = true;
    setBusy(true);
    setError(null);
    try {
      return await task();
    } catch (failure) {
      setError(asApiError(failure));
      return undefined;
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}

/** Field problems by field name; a problem on `days.3.date` also counts for `days`. */
export function fieldErrors(error: ApiError | null): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const problem of error?.fields ?? []) {
    if (!(problem.field in errors)) errors[problem.field] = problem.message;
  }
  return errors;
}

export interface AdminSession {
  session: Session;
  user: SessionUser;
  /** Fetches the session again (after a sign-in step, sign-out or a lost session). */
  refresh: () => Promise<void>;
  /** The bureau's name, for a reply template's {单位} before an opinion is assigned. */
  bureauName: string;
}

export const SessionContext = createContext<AdminSession | null>(null);

export function useAdminSession(): AdminSession {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useAdminSession outside a signed-in admin screen');
  return value;
}

// Units and categories change rarely and are needed by the inbox filters, the assign form and the
// template editor: fetched once per session, refetched after the admin screens change them.
let unitsPromise: Promise<Unit[]> | null = null;
let categoriesPromise: Promise<Category[]> | null = null;

export function forgetReferenceData(): void {
  unitsPromise = null;
  categoriesPromise = null;
}

function cachedUnits(): Promise<Unit[]> {
  unitsPromise ??= listUnits().then(
    (answer) => answer.units,
    (error: unknown) => {
      unitsPromise = null;
      throw error;
    },
  );
  return unitsPromise;
}

function cachedCategories(): Promise<Category[]> {
  categoriesPromise ??= listCategories().then(
    (answer) => answer.categories,
    (error: unknown) => {
      categoriesPromise = null;
      throw error;
    },
  );
  return categoriesPromise;
}

/** Units for selects; an empty list when they cannot be read (the select is then left out). */
export function useUnits(): Unit[] {
  const [units, setUnits] = useState<Unit[]>([]);
  useEffect(() => {
    let live = true;
    cachedUnits().then(
      (result) => live && setUnits(result),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return units;
}

export interface CategoryOption {
  code: string;
  label: string;
  isActive: boolean;
}

/** Category choices from the server's list, or the built-in vocabulary while it cannot be read. */
export function useCategoryOptions(): CategoryOption[] {
  const categories = useCategories();
  if (categories.length > 0) return categories;
  return Object.entries(FEEDBACK_CATEGORY_LABELS).map(([code, label]) => ({ code, label, isActive: true }));
}

export function useCategories(): Category[] {
  const [categories, setCategories] = useState<Category[]>([]);
  useEffect(() => {
    let live = true;
    cachedCategories().then(
      (result) => live && setCategories(result),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return categories;
}

export interface PanelState<T> {
  panel: T | null;
  /** Opens a panel; focus returns to `opener` (the button used) when it closes. Clears the message. */
  open: (panel: T, opener: HTMLElement | null) => void;
  close: () => void;
  /** What the last save or removal said (shown in a LiveMessage); a newly opened panel clears it. */
  message: string | null;
  setMessage: (message: string | null) => void;
}

/** One form panel open at a time on a list screen (create, or edit one row), and its message. */
export function usePanel<T>(): PanelState<T> {
  const [panel, setPanel] = useState<T | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const open = useCallback((next: T, from: HTMLElement | null) => {
    opener.current = from;
    setMessage(null);
    setPanel(next);
  }, []);
  const close = useCallback(() => {
    const element = opener.current;
    setPanel(null);
    if (element?.isConnected) element.focus();
  }, []);
  return { panel, open, close, message, setMessage };
}
