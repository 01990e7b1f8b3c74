// The one result type of the named actions (server/actions, server/auth, the site rebuilds): a
// value, or the reason the action refused, which server/routes/action-answer.ts turns into an
// HTTP answer (400 naming the field, 401, 403, 404, 409).

/** Why an action refused, one word per HTTP answer it becomes. */
export type Refusal = 'unauthorized' | 'forbidden' | 'not_found' | 'conflict';

/** `C`: what a refusal may show beside it (never, unless an action says so). */
export type ActionFailure<C = never> = (
  | { ok: false; error: Refusal; message: string; field?: string | undefined }
  | { ok: false; error: 'invalid'; field: string; message: string; fields?: readonly { field: string; message: string }[] | undefined }
) & {
  /** The thing as it is now, for an answer that shows it beside the refusal (the tracking page). */
  current?: C | undefined;
  /** The refusal also ends the caller's sign-in session (locked, deactivated, second factor gone). */
  endSession?: boolean | undefined;
};

export type ActionResult<T = undefined, C = never> = { ok: true; value: T } | ActionFailure<C>;

export function succeeded<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function refused<C = never>(error: Refusal, message: string, extra: { field?: string; endSession?: boolean; current?: C } = {}): ActionFailure<C> {
  return { ok: false, error, message, ...extra };
}

export function invalid(field: string, message: string, extra: { endSession?: boolean } = {}): ActionFailure {
  return { ok: false, error: 'invalid', field, message, ...extra };
}

/** An input that failed its schema in several places at once: every field with its message (the first leads). */
export function invalidFields(fields: readonly { field: string; message: string }[]): ActionFailure {
  const [first = { field: '', message: '输入有误' }] = fields;
  return { ok: false, error: 'invalid', field: first.field, message: first.message, fields };
}
