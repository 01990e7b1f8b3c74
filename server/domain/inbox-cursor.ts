// The inbox's keyset cursor: the last row's place in the inbox's order (due date, then newest
// first), so that the next page is read from the index where the last one stopped, at any depth.

/** Where the next page starts: the last row's place in the inbox's order. */
export interface InboxCursor {
  inboxOrder: string;
  submittedAt: string;
  id: number;
}

export function encodeInboxCursor(cursor: InboxCursor): string {
  return Buffer.from(JSON.stringify([cursor.inboxOrder, cursor.submittedAt, cursor.id])).toString('base64url');
}

/** undefined when the text is not a cursor this code made. */
export function decodeInboxCursor(text: string): InboxCursor | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 3) return undefined;
    const [inboxOrder, submittedAt, id] = value as unknown[];
    if (typeof inboxOrder !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(inboxOrder)) return undefined;
    if (typeof submittedAt !== 'string' || submittedAt.length > 40) return undefined;
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) return undefined;
    return { inboxOrder, submittedAt, id };
  } catch {
    return undefined;
  }
}
