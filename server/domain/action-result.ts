// The one result type of the named actions (server/actions, server/auth): a value, or the reason
// the action refused, which server/routes/action-answer.ts turns into an HTTP answer (403, 404,
// 409, or a 400 naming the field).
export type ActionResult<T = undefined> =
  | { ok: true; value: T }
  | { ok: false; error: 'forbidden' | 'not_found' | 'conflict'; message: string }
  | { ok: false; error: 'invalid'; field: string; message: string };

export function succeeded<T>(value: T): ActionResult<T> {
  return { ok: true, value };
}

export function refused<T = never>(error: 'forbidden' | 'not_found' | 'conflict', message: string): ActionResult<T> {
  return { ok: false, error, message };
}

export function invalid<T = never>(field: string, message: string): ActionResult<T> {
  return { ok: false, error: 'invalid', field, message };
}
