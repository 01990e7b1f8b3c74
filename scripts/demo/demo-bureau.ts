// The fictional bureau "示例县教育局" that a fresh install shows: its units, its rectification ledger
// (modelled on a county education bureau's 作风整改 report; every name and figure is invented) and the
// text pools from which seed-demo.ts builds synthetic public opinions. The data itself is in
// scripts/demo/data/*.json; this module gives it its types and checks it.
// People are written "张某某" and phone numbers are generated, so nothing here identifies anyone.
import { z } from 'zod';
import { FEEDBACK_CATEGORIES, ITEM_SOURCES, ITEM_STATUSES, OUTCOME_KINDS, REJECT_REASONS as REJECT_REASON_CODES, SUBMITTER_ROLES, UNIT_KINDS } from '../../server/domain/vocabulary.ts';
import { demoDate, demoLines, demoText, readDemoData } from './data-files.ts';

export const DEMO_BUREAU_NAME = '示例县教育局';

/** When the demo units and ledger were entered (the 作风整改 campaign started in March 2026). */
export const DEMO_LEDGER_CREATED_AT = '2026-03-16T01:00:00.000Z';

/** School levels decide which opinions fit a school (no homework complaints for a kindergarten). */
const SCHOOL_LEVELS = ['high', 'middle', 'primary', 'nine_year', 'vocational', 'kindergarten', 'special'] as const;
export type SchoolLevel = (typeof SCHOOL_LEVELS)[number];

const unitSchema = z.strictObject({
  code: demoText,
  name: demoText,
  kind: z.enum(UNIT_KINDS),
  /** Schools only. */
  level: z.enum(SCHOOL_LEVELS).optional(),
  /** Schools only: grade or class names used in synthetic opinions. */
  grades: z.array(demoText).min(1).optional(),
  /** Schools only: how often opinions name this school, relative to the others (bigger schools, more). */
  feedbackWeight: z.number().positive().optional(),
});
export type DemoUnit = z.output<typeof unitSchema>;

const itemUpdateSchema = z.strictObject({ date: demoDate, content: demoText, progress: z.number().int().min(0).max(100).nullable() });
export type DemoItemUpdate = z.output<typeof itemUpdateSchema>;

const outcomeShape = {
  title: demoText,
  kind: z.enum(OUTCOME_KINDS),
  /** The day it was issued, which is also when the 台账管理员 records it. */
  issuedOn: demoDate,
  url: z.string().optional(),
};
const outcomeSchema = z.strictObject(outcomeShape);
export type DemoOutcome = z.output<typeof outcomeSchema>;

/** Fields an edit may change; `unitCode` stands for the responsible unit. */
const editableShape = {
  title: demoText,
  measures: demoLines,
  deadline: demoDate.nullable(),
  leaderName: demoText,
  leaderPost: demoText,
  unitCode: demoText,
};
export type DemoEditableFields = z.output<z.ZodObject<typeof editableShape>>;

const itemSchema = z.strictObject({
  ...editableShape,
  code: demoText,
  problem: demoText,
  /** A code of item_categories (migration 004). */
  category: demoText,
  source: z.enum(ITEM_SOURCES),
  /** Null for 长期坚持 items that have no end date. */
  deadline: demoDate.nullable(),
  /** Where the item stands now; the seed checks that its updates arrive there. */
  status: z.enum(ITEM_STATUSES),
  progress: z.number().int().min(0).max(100),
  /** 完成情况, written once the last update is in. */
  progressSummary: z.string(),
  /** Updates from this date on leave the item 长期坚持 rather than 整改中. */
  ongoingFrom: demoDate.optional(),
  outcomes: z.array(outcomeSchema),
  /** An outcome recorded by mistake and removed again on `removedOn`, for the reason given. */
  mistakenOutcome: z.strictObject({ ...outcomeShape, removedOn: demoDate, reason: demoText }).optional(),
  /** Edits of the item itself: on `on`, the fields in `from` changed from these values to the item's. */
  edits: z.array(z.strictObject({ on: demoDate, from: z.strictObject(editableShape).partial() })).optional(),
  /** When the item entered the ledger. */
  createdOn: demoDate,
  updates: z.array(itemUpdateSchema),
});
export type DemoItem = z.output<typeof itemSchema>;

export const DEMO_UNITS: readonly DemoUnit[] = readDemoData('units.json', z.array(unitSchema));
export const DEMO_ITEMS: readonly DemoItem[] = readDemoData('items.json', z.array(itemSchema));

// ---------------------------------------------------------------------------------------------
// Synthetic public opinions.
//
// Placeholders in `title`, `content` and `reply`:
//   {school} {grade} {subject} {minorCourse} {amount} {n} {unit}: shared values, fine to publish;
//   {name} {child} {teacher} {phone}: personal data, replaced by "***" in the public texts.
// Replies never use the personal placeholders.

export const PRIVATE_PLACEHOLDERS = ['name', 'child', 'teacher', 'phone'] as const;

const feedbackTemplateSchema = z.strictObject({
  category: z.enum(FEEDBACK_CATEGORIES),
  roles: z.array(z.enum(SUBMITTER_ROLES)).min(1),
  /** 'school': one of the schools at `levels`; a unit code: that department; null: no unit named. */
  target: demoText.nullable(),
  /** For target 'school'; default: primary, middle, high and nine-year schools. */
  levels: z.array(z.enum(SCHOOL_LEVELS)).min(1).optional(),
  /** Department that handles it; default: the target unit itself (or 办公室 when there is none). */
  assignTo: demoText.optional(),
  /** Ledger item the opinion is about, when it plausibly is. */
  itemCode: demoText.optional(),
  /** The submitter's own title; never uses the personal placeholders. */
  title: demoText,
  content: demoText,
  reply: demoText,
});
export type FeedbackTemplate = z.output<typeof feedbackTemplateSchema>;

export const DEFAULT_SCHOOL_LEVELS: readonly SchoolLevel[] = ['primary', 'middle', 'high', 'nine_year'];

export const FEEDBACK_TEMPLATES: readonly FeedbackTemplate[] = readDemoData('feedback-templates.json', z.array(feedbackTemplateSchema));

// Pools for the parts of a synthetic opinion that are not in the templates, and the staff's notes.
const texts = z.array(demoText).min(1);
const TEXT_POOLS = readDemoData(
  'text-pools.json',
  z.strictObject({
    subjects: texts,
    minorCourses: texts,
    amounts: z.array(z.number().int().positive()).min(1),
    surnames: z.array(z.strictObject({ hanzi: demoText, pinyin: z.string().regex(/^[a-z]+$/) })).min(1),
    givenNames: texts,
    acceptNotes: texts,
    /** Reasons for 不予受理: the code from the list and the note the submitter reads. */
    rejectReasons: z.array(z.strictObject({ reason: z.enum(REJECT_REASON_CODES), note: demoText })).min(1),
    /** The 办公室's comments when it sends a draft reply back to the unit. */
    reviewComments: texts,
    extensionReasons: texts,
    urgeNotes: texts,
    followUpOutcomes: z.strictObject({ explained: texts, reopened: texts }),
    withholdReasons: texts,
    ratingComments: z.strictObject({ satisfied: texts, basically_satisfied: texts, dissatisfied: texts }),
  }),
);

export const SUBJECTS: readonly string[] = TEXT_POOLS.subjects;
export const MINOR_COURSES: readonly string[] = TEXT_POOLS.minorCourses;
export const AMOUNTS: readonly number[] = TEXT_POOLS.amounts;
export const SURNAMES: readonly (readonly [string, string])[] = TEXT_POOLS.surnames.map(({ hanzi, pinyin }) => [hanzi, pinyin] as const);
export const GIVEN_NAMES: readonly string[] = TEXT_POOLS.givenNames;
export const ACCEPT_NOTES: readonly string[] = TEXT_POOLS.acceptNotes;
export const REJECT_REASONS = TEXT_POOLS.rejectReasons.map(({ reason, note }) => [reason, note] as const);
export const REVIEW_COMMENTS: readonly string[] = TEXT_POOLS.reviewComments;
export const EXTENSION_REASONS: readonly string[] = TEXT_POOLS.extensionReasons;
export const URGE_NOTES: readonly string[] = TEXT_POOLS.urgeNotes;
export const FOLLOW_UP_OUTCOMES = TEXT_POOLS.followUpOutcomes;
export const WITHHOLD_REASONS: readonly string[] = TEXT_POOLS.withholdReasons;
export const RATING_COMMENTS = TEXT_POOLS.ratingComments;

/** Demo staff: one account per role, and 经办人 for two schools and a 科室. */
const staffSchema = z.strictObject({
  username: z.string().regex(/^[a-z]+$/),
  displayName: demoText,
  roles: z.array(z.enum(['sysadmin', 'office', 'handler', 'ledger'])).min(1),
  unitCode: demoText.nullable(),
});
export type DemoStaff = z.output<typeof staffSchema>;
export const DEMO_STAFF: readonly DemoStaff[] = readDemoData('staff.json', z.array(staffSchema));

/**
 * Reply templates the 办公室 keeps: a category's own and general ones (category null), shared by
 * every unit (unitCode null) or a unit's own. Shared ones speak neutrally through {单位}, so a
 * school's reply speaks as the school; placeholders are filled when a template is inserted.
 */
export const DEMO_REPLY_TEMPLATES = readDemoData(
  'reply-templates.json',
  z.array(z.strictObject({ category: demoText.nullable(), unitCode: demoText.nullable(), title: demoText, body: demoText })),
);
