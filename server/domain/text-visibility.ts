// Who reads what staff write on an opinion: the one place that decides it. Every staff step's
// text is either seen by the submitter on the tracking page (and in the mail that step sends them)
// or internal to the bureau; for a few steps the person writing chooses (the form's 反映人可见 box).
// The tracking query selects a note only when its event was stored with note_public = 1, and the
// admin app labels each field from this table, so the label and the behaviour cannot drift apart.
import type { FeedbackAction } from './feedback-workflow.ts';

export type TextVisibility = 'public' | 'internal' | 'choice';

export interface StepText {
  /** The body field that carries the text. */
  field: string;
  visibility: TextVisibility;
}

export const STEP_TEXT: Record<FeedbackAction, readonly StepText[]> = {
  accept: [{ field: 'note', visibility: 'choice' }],
  // The submitter is told why, and where else to turn.
  reject: [{ field: 'note', visibility: 'public' }],
  assign: [{ field: 'note', visibility: 'choice' }],
  reassign: [{ field: 'reason', visibility: 'internal' }],
  hand_back: [{ field: 'reason', visibility: 'internal' }],
  // A draft is the bureau's until the 办公室 approves it; then it is the reply.
  draft_reply: [{ field: 'reply', visibility: 'internal' }],
  return_reply: [{ field: 'comment', visibility: 'internal' }],
  approve_reply: [{ field: 'reply', visibility: 'public' }],
  urge: [{ field: 'note', visibility: 'internal' }],
  extend: [{ field: 'reason', visibility: 'choice' }],
  // Published on the site (redacted) for everyone, not a note to the submitter.
  publish: [
    { field: 'publicTitle', visibility: 'public' },
    { field: 'publicContent', visibility: 'public' },
    { field: 'publicReply', visibility: 'public' },
  ],
  withhold: [{ field: 'reason', visibility: 'internal' }],
  follow_up_explained: [{ field: 'outcome', visibility: 'choice' }],
  follow_up_reopened: [{ field: 'outcome', visibility: 'choice' }],
};

/** The body field with which the writer marks a 'choice' text as seen by the submitter. */
export const NOTE_PUBLIC_FIELD = 'notePublic';

export const TEXT_VISIBILITY_LABELS = { public: '反映人可见', internal: '仅内部可见' } as const;

/** Does the submitter see the note this step writes into the timeline? */
export function isNotePublic(action: FeedbackAction, markedPublic: boolean | undefined): boolean {
  const text = STEP_TEXT[action][0];
  if (!text) return false;
  return text.visibility === 'public' || (text.visibility === 'choice' && markedPublic === true);
}

/** Steps whose form offers the 反映人可见 box. */
export function offersNoteChoice(action: FeedbackAction): boolean {
  return STEP_TEXT[action].some((text) => text.visibility === 'choice');
}
