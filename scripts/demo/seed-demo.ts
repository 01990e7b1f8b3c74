// Seeds the demo bureau: its units, demo staff (one per role), its rectification ledger and a few
// hundred synthetic public opinions. The ledger is made by the 台账管理员's named actions (createItem,
// updateItem, addProgressUpdate, addOutcome, removeOutcome, publishItem) at the dates of its history. The opinions are made through the same named actions as real
// ones (submitFeedback, acceptFeedback, assignFeedback, draftReply, …) with an injected clock, so
// every opinion has a history the product could have made: some overdue, some extended, some
// urged, some waiting for review, some published, rated and followed up. A seeded PRNG makes the
// same `now` and `seed` give the same rows.
import { countDemoRows, insertDemoUnits } from '../../db/queries/demo.ts';
import type { Db } from '../../db/open.ts';
import { getFeedbackRecord, getFeedbackRecordByCode, type FeedbackRecord } from '../../db/queries/feedback-records.ts';
import { findItemOutcome, getItemRecord } from '../../db/queries/ledger.ts';
import { seedDemoPosts } from './demo-posts.ts';
import { bureauDate } from '../../server/domain/bureau-time.ts';
import { createReplyTemplate } from '../../server/actions/admin-settings.ts';
import { seedDemoEvaluation } from './demo-evaluation.ts';
import { seedDemoTopics } from './demo-topics.ts';
import { addOutcome, addProgressUpdate, createItem, publishItem, removeOutcome, updateItem } from '../../server/actions/ledger-actions.ts';
import type { LedgerResult } from '../../server/actions/ledger-writes.ts';
import type { ItemUpdateInput } from '../../server/domain/ledger-input.ts';
import { workCalendar } from '../../db/queries/calendar.ts';
import { rateReply, submitFeedback } from '../../server/actions/feedback-actions.ts';
import type { FeedbackSubmission } from '../../server/domain/feedback-input.ts';
import {
  acceptFeedback,
  approveReply,
  assignFeedback,
  draftReply,
  explainFollowUp,
  extendFeedback,
  publishFeedback,
  reassignFeedback,
  rejectFeedback,
  reopenAfterFollowUp,
  returnReply,
  type StepContext,
  urgeFeedback,
  withholdFeedback,
} from '../../server/actions/feedback-steps.ts';
import type { ActionResult } from '../../server/domain/action-result.ts';
import type { StaffUser } from '../../server/domain/staff.ts';
import type { FeedbackCategory, ItemStatus, Rating, RejectReason, SubmitterRole } from '../../server/domain/vocabulary.ts';
import type { WorkCalendar } from '../../server/domain/working-days.ts';
import {
  ACCEPT_NOTES,
  AMOUNTS,
  DEFAULT_SCHOOL_LEVELS,
  DEMO_ITEMS,
  DEMO_LEDGER_CREATED_AT,
  DEMO_REPLY_TEMPLATES,
  DEMO_UNITS,
  EXTENSION_REASONS,
  FEEDBACK_TEMPLATES,
  FOLLOW_UP_OUTCOMES,
  GIVEN_NAMES,
  MINOR_COURSES,
  PRIVATE_PLACEHOLDERS,
  RATING_COMMENTS,
  REJECT_REASONS,
  REVIEW_COMMENTS,
  SUBJECTS,
  SURNAMES,
  URGE_NOTES,
  WITHHOLD_REASONS,
  type DemoEditableFields,
  type DemoItem,
  type DemoUnit,
  type FeedbackTemplate,
} from './demo-bureau.ts';
import { createDemoStaff, type DemoStaffAccounts } from './demo-staff.ts';
import type { MailHooks } from '../../server/mail/notifications.ts';
import type { ContactVault } from '../../server/actions/contact-details.ts';
import { BUREAU_UTC_OFFSET_MS, bureauInstant } from '../../server/domain/bureau-time.ts';

export const DEFAULT_DEMO_SEED = 20261126;
export const DEFAULT_DEMO_FEEDBACK_COUNT = 320;
/** Opinions are spread over this many days before `now`. */
export const DEMO_FEEDBACK_SPAN_DAYS = 240;

export interface SeedDemoOptions {
  /** The key that seals the demo staff's second-factor secrets: deriveKey(config, 'totp'). */
  totpKey: Buffer;
  /** Seals the demo submitters' contact details, as for real ones: contactVaultFor(config). */
  contacts: ContactVault;
  /** The moment the demo is seeded "as of"; opinions lie before it. Default: the current time. */
  now?: Date;
  /** Mail hooks: the demo's last days of activity also leave their mails in the outbox. */
  mailHooks?: Pick<MailHooks, 'onStep' | 'onSubmitted' | 'onRated'>;
  seed?: number;
  feedbackCount?: number;
}

export interface SeedDemoResult {
  units: number;
  items: number;
  updates: number;
  feedback: number;
  events: number;
  /** The demo staff accounts with their generated passwords, to print once. */
  staff: DemoStaffAccounts;
}

/** True when the database holds no units, no rectification items and no feedback. */
export { isDatabaseEmpty } from '../../db/queries/demo.ts';

/** The demo's mails: only for what happened in its last days, not for eight months of opinions. */
export const DEMO_MAIL_DAYS = 3;

/**
 * Seeds the demo bureau into an empty, migrated database: units and ledger in one transaction,
 * then the staff accounts, then the opinions in one transaction.
 * Throws when the database already has units, so demo data never mixes with real data.
 */
export async function seedDemoBureau(db: Db, options: SeedDemoOptions): Promise<SeedDemoResult> {
  const now = options.now ?? new Date();
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const feedbackCount = options.feedbackCount ?? DEFAULT_DEMO_FEEDBACK_COUNT;
  if (Number.isNaN(now.getTime())) throw new Error('seedDemoBureau: options.now is not a valid date');
  if (!Number.isInteger(feedbackCount) || feedbackCount < 0) {
    throw new Error(`seedDemoBureau: feedbackCount must be a non-negative integer, got ${feedbackCount}`);
  }

  const plannedFeedback = planDemoFeedback(now, seed, feedbackCount);

  const unitIds = db.transaction(() => insertDemoUnits(db, DEMO_UNITS, DEMO_LEDGER_CREATED_AT)).immediate();
  const unitId = (code: string | null): number | null => {
    if (code === null) return null;
    const id = unitIds.get(code);
    if (id === undefined) throw new Error(`Demo data refers to unknown unit code ${code}`);
    return id;
  };

  const staff = await createDemoStaff(db, unitIds, options.totpKey, new Date(Date.parse(DEMO_LEDGER_CREATED_AT)));
  const office = staff.byRole('office');
  for (const template of DEMO_REPLY_TEMPLATES) {
    const { unitCode, ...fields } = template;
    const created = createReplyTemplate(db, { ...fields, unitId: unitId(unitCode) }, { actor: office, at: DEMO_LEDGER_CREATED_AT });
    if (!created.ok) throw new Error(`demo reply template ${template.title}: ${created.message}`);
  }

  // The ledger through the 台账管理员's named actions, each at its own moment: created, published,
  // edited, updated, given its outcomes, as a bureau would have done it over the months.
  const ledger = db.transaction(() => {
    const ledgerStaff = staff.byRole('ledger');
    for (const item of DEMO_ITEMS) runDemoItem(db, item, ledgerStaff, unitId, now);
    seedDemoEvaluation(db, office, now);
    return {
      items: countDemoRows(db, 'items'),
      updates: countDemoRows(db, 'updates'),
    };
  }).immediate();

  // 整改信息 by the 办公室 and the 台账管理员, through their named actions.
  db.transaction(() => seedDemoPosts(db, (role) => staff.byRole(role), now)).immediate();

  return db.transaction((): SeedDemoResult => {
    const calendar = workCalendar(db);
    const random = createRandom(seed ^ 0x5eed);
    const mailFrom = now.getTime() - DEMO_MAIL_DAYS * DAY;
    for (const planned of plannedFeedback) {
      runPlannedFeedback(db, planned, { staff, calendar, unitId, random, nowMs: now.getTime(), mailHooks: options.mailHooks, mailFrom, contacts: options.contacts });
    }
    seedDemoTopics(db, staff.byRole('office'), now, { calendar, contacts: options.contacts, randomInt: (min, max) => random.int(min, max) });
    const events = countDemoRows(db, 'events');
    return { units: DEMO_UNITS.length, items: ledger.items, updates: ledger.updates, feedback: plannedFeedback.length, events, staff };
  }).immediate();
}

// ---------------------------------------------------------------------------------------------
// The demo ledger through the named actions.

class DemoLedgerError extends Error {
  override name = 'DemoLedgerError';
}

/** 09:00 in Shanghai on a date, plus `minutes`: the office day in which the 台账管理员 works. */
function officeMoment(date: string, minutes: number): Date {
  return new Date(bureauInstant(date, '09:00').getTime() + minutes * MINUTE);
}

function runDemoItem(db: Db, item: DemoItem, actor: StaffUser, unitId: (code: string | null) => number | null, now: Date): void {
  const check = <T>(result: LedgerResult<T>, what: string): T => {
    if (!result.ok) throw new DemoLedgerError(`demo ledger: ${what} on ${item.code} failed: ${result.message}`);
    return result.value;
  };
  const created = officeMoment(item.createdOn, 0);
  if (created > now) return;
  // The item as it was entered: the values its edits later changed, not started yet.
  const before: Partial<DemoEditableFields> = Object.assign({}, ...(item.edits ?? []).map((edit) => edit.from));
  const initial = { ...pickEditable(item), ...before };
  const { id } = check(
    createItem(
      db,
      actor,
      {
        code: item.code,
        title: initial.title,
        problem: item.problem,
        category: item.category,
        source: item.source,
        unitId: unitId(initial.unitCode),
        leaderName: initial.leaderName,
        leaderPost: initial.leaderPost,
        measures: initial.measures,
        deadline: initial.deadline,
        status: 'not_started',
        progress: 0,
        completedOn: null,
        progressSummary: '',
        isPublished: false,
      },
      { now: created },
    ),
    'create',
  );
  check(publishItem(db, actor, id, { now: officeMoment(item.createdOn, 30) }), 'publish');

  type Step = { at: Date; run: () => void };
  const steps: Step[] = [];
  const version = () => getItemRecord(db, id)!.version;
  for (const edit of item.edits ?? []) {
    const fields = Object.keys(edit.from) as (keyof DemoEditableFields)[];
    const final = pickEditable(item);
    const change: ItemUpdateInput = { version: 0 };
    for (const field of fields) {
      if (field === 'unitCode') change.unitId = unitId(final.unitCode);
      else Object.assign(change, { [field]: final[field] });
    }
    steps.push({ at: officeMoment(edit.on, 60), run: () => check(updateItem(db, actor, id, { ...change, version: version() }, { now: officeMoment(edit.on, 60) }), 'edit') });
  }
  let status: ItemStatus = 'not_started';
  let progress = 0;
  for (const update of item.updates) {
    if (update.progress !== null) {
      progress = update.progress;
      status =
        progress === 100 && item.status === 'completed'
          ? 'completed'
          : item.ongoingFrom !== undefined && update.date >= item.ongoingFrom
            ? 'ongoing'
            : 'in_progress';
    }
    const after = { status, progress };
    const at = officeMoment(update.date, 120);
    steps.push({ at, run: () => check(addProgressUpdate(db, actor, id, { date: update.date, content: update.content, ...after }, { now: at }), 'progress update') });
  }
  for (const outcome of item.outcomes) {
    const at = officeMoment(outcome.issuedOn, 180);
    steps.push({ at, run: () => check(addOutcome(db, actor, id, { title: outcome.title, kind: outcome.kind, issuedOn: outcome.issuedOn, url: outcome.url }, { now: at }), 'outcome') });
  }
  const mistake = item.mistakenOutcome;
  if (mistake) {
    const added = officeMoment(mistake.issuedOn, 180);
    const removed = officeMoment(mistake.removedOn, 90);
    steps.push({ at: added, run: () => check(addOutcome(db, actor, id, { title: mistake.title, kind: mistake.kind, issuedOn: mistake.issuedOn }, { now: added }), 'outcome') });
    steps.push({
      at: removed,
      run: () => check(removeOutcome(db, actor, id, findItemOutcome(db, id, mistake.title)!.id, { reason: mistake.reason }, { now: removed }), 'outcome removal'),
    });
  }
  const lastDate = item.updates.at(-1)?.date ?? item.createdOn;
  if (item.progressSummary !== '') {
    const at = officeMoment(lastDate, 240);
    steps.push({ at, run: () => check(updateItem(db, actor, id, { version: version(), progressSummary: item.progressSummary }, { now: at }), 'summary') });
  }
  for (const step of steps.sort((a, b) => a.at.getTime() - b.at.getTime())) {
    if (step.at > now) break;
    step.run();
  }
  const record = getItemRecord(db, id)!;
  if (officeMoment(lastDate, 240) <= now && (record.status !== item.status || record.progress !== item.progress)) {
    throw new DemoLedgerError(`demo ledger: ${item.code} ended ${record.status} ${record.progress}% instead of ${item.status} ${item.progress}%`);
  }
}

function pickEditable(item: DemoItem): DemoEditableFields {
  return { title: item.title, measures: item.measures, deadline: item.deadline, leaderName: item.leaderName, leaderPost: item.leaderPost, unitCode: item.unitCode };
}

// ---------------------------------------------------------------------------------------------
// Running a planned opinion through the named actions.

interface RunContext {
  mailHooks: SeedDemoOptions['mailHooks'];
  /** Steps from this instant on leave their mails. */
  mailFrom: number;
  staff: DemoStaffAccounts;
  calendar: WorkCalendar;
  unitId: (code: string | null) => number | null;
  random: Random;
  nowMs: number;
  contacts: ContactVault;
}

class DemoStepError extends Error {
  override name = 'DemoStepError';
}

function runPlannedFeedback(db: Db, planned: PlannedFeedback, run: RunContext): void {
  const hooks = (at: number) => (run.mailHooks && at >= run.mailFrom ? run.mailHooks : undefined);
  const context = (at: number): StepContext => {
    const onStep = hooks(at)?.onStep;
    return { now: new Date(at), calendar: run.calendar, ...(onStep ? { onStep } : {}) };
  };
  const office = run.staff.byRole('office');
  const onSubmitted = hooks(planned.submittedAt)?.onSubmitted;
  const submitted = submitFeedback(db, planned.submission, {
    ...context(planned.submittedAt),
    ...(onSubmitted ? { onSubmitted } : {}),
    ipHash: null,
    contacts: run.contacts,
    secret: planned.secret,
    randomIndex: (size) => run.random.int(0, size - 1),
  });
  if (!submitted.ok) throw new DemoStepError(`demo opinion could not be submitted: ${submitted.message}`);
  const code = submitted.value.trackingCode;
  const current = (): FeedbackRecord => getFeedbackRecordByCode(db, code)!;
  const check = (result: ActionResult<unknown>, what: string) => {
    if (!result.ok) throw new DemoStepError(`demo step ${what} on ${code} failed: ${result.message}`);
  };
  const target = () => ({ feedbackId: current().id, version: current().version });
  /** The unit's own 经办人 where the demo has one; the 办公室 drafts for the others. */
  const drafter = (): StaffUser => run.staff.handlerFor(current().assigned_unit_id) ?? office;

  for (const step of planned.steps) {
    if (step.at > run.nowMs) return;
    const c = context(step.at);
    switch (step.kind) {
      case 'accept':
        check(acceptFeedback(db, office, { ...target(), note: step.note }, c), step.kind);
        break;
      case 'reject':
        check(rejectFeedback(db, office, { ...target(), reason: step.reason, note: step.note }, c), step.kind);
        break;
      case 'assign':
        check(assignFeedback(db, office, { ...target(), unitId: run.unitId(step.unitCode)!, note: step.note }, c), step.kind);
        break;
      case 'reassign':
        check(reassignFeedback(db, office, { ...target(), unitId: run.unitId(step.unitCode)!, reason: step.reason }, c), step.kind);
        break;
      case 'draft': {
        runLateness(db, planned, step.at, run, office, target, check);
        check(draftReply(db, drafter(), { ...target(), reply: step.reply }, c), step.kind);
        break;
      }
      case 'return':
        check(returnReply(db, office, { ...target(), comment: step.comment }, c), step.kind);
        break;
      case 'approve':
        check(approveReply(db, office, target(), c), step.kind);
        break;
      case 'publish':
        check(publishFeedback(db, office, { ...target(), publicTitle: step.publicTitle, publicContent: step.publicContent, publicReply: step.publicReply }, c), step.kind);
        break;
      case 'withhold':
        check(withholdFeedback(db, office, { ...target(), reason: step.reason }, c), step.kind);
        break;
      case 'rate':
        check(
          rateReply(db, { trackingCode: code, secret: planned.secret, rating: step.rating, comment: step.comment ?? undefined }, { ...c, ...(hooks(step.at)?.onRated ? { onRated: hooks(step.at)!.onRated } : {}) }),
          step.kind,
        );
        break;
      case 'follow_up':
        if (step.outcome === 'explained') check(explainFollowUp(db, office, { ...target(), outcome: step.note }, c), step.kind);
        else check(reopenAfterFollowUp(db, office, { ...target(), outcome: step.note }, c), step.kind);
        break;
      case 'stall':
        // Never answered: the unit lets it run overdue; the 办公室 urges it on the due date.
        runLateness(db, planned, run.nowMs, run, office, target, check);
        break;
    }
  }
}

/**
 * A reply that will come after its deadline: the 办公室 either granted an extension before the
 * deadline (when the planned delay fits in one) or urged the unit on the due date.
 */
function runLateness(
  db: Db,
  planned: PlannedFeedback,
  replyAt: number,
  run: RunContext,
  office: StaffUser,
  target: () => { feedbackId: number; version: number },
  check: (result: ActionResult<unknown>, what: string) => void,
): void {
  const record = getFeedbackRecord(db, target().feedbackId)!;
  const due = record.reply_due_on;
  if (due === null || record.extension_days !== null) return;
  const replyDate = bureauDate(new Date(replyAt));
  if (replyDate <= due) return;
  const assignedAt = Date.parse(record.assigned_at ?? record.submitted_at);
  // 09:30 in Shanghai on the due date.
  const dueMorning = Date.parse(`${due}T01:30:00.000Z`);
  const lateBy = run.calendar.workingDaysBetween(due, replyDate).days;
  if (planned.lateness === 'extend' && lateBy <= 10) {
    const at = Math.max(assignedAt + HOUR, dueMorning - DAY);
    if (at < replyAt && at <= run.nowMs) {
      check(extendFeedback(db, office, { ...target(), days: Math.max(1, lateBy), reason: planned.extensionReason }, { now: new Date(at), calendar: run.calendar }), 'extend');
    }
    return;
  }
  if (planned.lateness !== 'none' && dueMorning > assignedAt && dueMorning < replyAt && dueMorning <= run.nowMs) {
    check(urgeFeedback(db, office, { ...target(), note: planned.urgeNote }, { now: new Date(dueMorning), calendar: run.calendar }), 'urge');
  }
}

// ---------------------------------------------------------------------------------------------
// Planning the synthetic opinions (pure and deterministic for a given now, seed and count).

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** China has no daylight saving time: the bureau's clock is always UTC+8. */
const SHANGHAI_OFFSET = BUREAU_UTC_OFFSET_MS;

const ROLE_WEIGHTS: ReadonlyArray<readonly [SubmitterRole, number]> = [
  ['parent', 55],
  ['teacher', 20],
  ['student', 10],
  ['other', 15],
];
const RATING_WEIGHTS: ReadonlyArray<readonly [Rating, number]> = [
  ['satisfied', 78],
  ['basically_satisfied', 16],
  ['dissatisfied', 6],
];
/** Local hours at which people write in: some in office hours, more in the evening. */
const SUBMISSION_HOURS = [7, 8, 9, 10, 11, 12, 12, 13, 14, 15, 16, 17, 18, 19, 20, 20, 21, 21, 21, 22, 22, 23] as const;
const PHONE_PREFIXES = ['138', '139', '135', '150', '152', '158', '186', '187'] as const;


export type DemoStep =
  | { kind: 'accept'; at: number; note: string }
  | { kind: 'reject'; at: number; reason: RejectReason; note: string }
  | { kind: 'assign'; at: number; unitCode: string; note: string }
  | { kind: 'reassign'; at: number; unitCode: string; reason: string }
  | { kind: 'draft'; at: number; reply: string }
  | { kind: 'return'; at: number; comment: string }
  | { kind: 'approve'; at: number }
  | { kind: 'publish'; at: number; publicTitle: string; publicContent: string; publicReply: string }
  | { kind: 'withhold'; at: number; reason: string }
  | { kind: 'rate'; at: number; rating: Rating; comment: string | null }
  | { kind: 'follow_up'; at: number; outcome: 'explained' | 'reopened'; note: string }
  | { kind: 'stall'; at: number };

export interface PlannedFeedback {
  submission: FeedbackSubmission;
  /** The submitter's secret (seeded, so the demo can rate through the real action). */
  secret: string;
  submittedAt: number;
  /** What the 办公室 does when the reply will be late. */
  lateness: 'extend' | 'urge' | 'none';
  extensionReason: string;
  urgeNote: string;
  steps: DemoStep[];
}

interface Random {
  next(): number;
  between(min: number, max: number): number;
  int(min: number, maxInclusive: number): number;
  chance(probability: number): boolean;
  pick<T>(list: readonly T[]): T;
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T;
}

/** mulberry32: tiny, fast and good enough to make demo data look varied. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function createRandom(seed: number): Random {
  const next = mulberry32(seed);
  const random: Random = {
    next,
    between: (min, max) => min + next() * (max - min),
    int: (min, maxInclusive) => min + Math.floor(next() * (maxInclusive - min + 1)),
    chance: (probability) => next() < probability,
    pick: (list) => {
      const value = list[Math.floor(next() * list.length)];
      if (value === undefined) throw new Error('pick from an empty list');
      return value;
    },
    weighted: (entries) => {
      const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
      let remaining = next() * total;
      for (const [value, weight] of entries) {
        remaining -= weight;
        if (remaining < 0) return value;
      }
      const last = entries.at(-1);
      if (!last) throw new Error('weighted pick from an empty list');
      return last[0];
    },
  };
  return random;
}

/** Builds the synthetic opinions, sorted by submission time, without touching a database. */
export function planDemoFeedback(now: Date, seed: number = DEFAULT_DEMO_SEED, count: number = DEFAULT_DEMO_FEEDBACK_COUNT): PlannedFeedback[] {
  const random = createRandom(seed);
  const nowMs = Math.floor(now.getTime() / SECOND) * SECOND;
  const planned: PlannedFeedback[] = [];
  for (let index = 0; index < count; index += 1) {
    planned.push(planOne(random, nowMs));
  }
  return planned.sort((a, b) => a.submittedAt - b.submittedAt);
}

const SECRET_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

function planOne(random: Random, nowMs: number): PlannedFeedback {
  const submittedAt = pickSubmissionTime(random, nowMs);
  const role = random.weighted(ROLE_WEIGHTS);
  const template = random.pick(FEEDBACK_TEMPLATES.filter((candidate) => candidate.roles.includes(role)));
  const school = pickSchool(random, template);
  const unitCode = template.target === 'school' ? school.code : template.target;
  const assignedUnitCode = template.assignTo ?? unitCode ?? 'D01';

  // Who writes: a quarter stay anonymous; the others leave some way to be reached.
  const [surname, surnamePinyin] = random.pick(SURNAMES);
  const isAnonymous = random.chance(0.25);
  let contactName: string | null = null;
  let contactPhone: string | null = null;
  let contactEmail: string | null = null;
  if (!isAnonymous) {
    if (random.chance(0.9)) contactName = surname + contactSuffix(random, role);
    if (random.chance(0.8)) contactPhone = fictionalPhone(random);
    if (random.chance(0.12)) contactEmail = `${surnamePinyin}${random.int(10, 99)}@example.com`;
    if (contactName === null && contactPhone === null && contactEmail === null) contactPhone = fictionalPhone(random);
  }
  const consentToPublish = random.chance(0.6);

  const vars: Record<string, string> = {
    school: school.name,
    grade: random.pick(school.grades ?? ['一年级']),
    subject: random.pick(SUBJECTS),
    minorCourse: random.pick(MINOR_COURSES),
    amount: String(random.pick(AMOUNTS)),
    n: String(random.int(3, 9)),
    unit: unitName(assignedUnitCode),
    name: surname + random.pick(GIVEN_NAMES),
    child: surname + random.pick(GIVEN_NAMES),
    teacher: random.pick(SURNAMES)[0] + random.pick(GIVEN_NAMES),
    phone: contactPhone ?? fictionalPhone(random),
  };
  const content = fillTemplate(template.content, vars, false);
  const replyText = fillTemplate(template.reply, vars, false);

  const item = template.itemCode ? DEMO_ITEMS.find((candidate) => candidate.code === template.itemCode) : undefined;
  const itemCode = item && bureauInstant(item.createdOn).getTime() <= submittedAt && random.chance(0.75) ? item.code : null;
  const secret = Array.from({ length: 10 }, () => SECRET_ALPHABET[random.int(0, SECRET_ALPHABET.length - 1)]).join('');

  // The whole life of the opinion, as it would unfold; the seeder stops at `now`.
  const steps: DemoStep[] = [];
  if (random.chance(0.04)) {
    const [reason, note] = random.pick(REJECT_REASONS);
    steps.push({ kind: 'reject', at: officeHours(random, submittedAt + random.between(0.1, 2) * DAY), reason, note });
  } else {
    // Days from submission to reply: mostly within a week, a few slow ones up to about twenty.
    const replyDays = random.chance(0.8) ? random.between(1, 8) : random.between(8, 16.5);
    const acceptedAt = officeHours(random, submittedAt + Math.max(4 * HOUR, random.between(0.1, 0.3) * replyDays * DAY));
    const assignedAt = officeHours(random, acceptedAt + Math.max(HOUR, random.between(0.05, 0.2) * replyDays * DAY));
    steps.push({ kind: 'accept', at: acceptedAt, note: random.pick(ACCEPT_NOTES) });
    steps.push({ kind: 'assign', at: assignedAt, unitCode: assignedUnitCode, note: `请${unitName(assignedUnitCode)}核实办理，按期答复。` });
    let handledFrom = assignedAt;
    if (assignedUnitCode !== 'D01' && assignedUnitCode !== 'D03' && random.chance(0.03)) {
      // Handed to the wrong unit first: the 办公室 reassigns it.
      handledFrom = officeHours(random, assignedAt + random.between(0.2, 1) * DAY);
      steps.push({ kind: 'reassign', at: handledFrom, unitCode: 'D03', reason: '经核实，该事项由基础教育科统筹办理，予以改派。' });
    }
    if (random.chance(0.02)) {
      // Never answered: stays with the unit, overdue and urged.
      steps.push({ kind: 'stall', at: handledFrom + HOUR });
    } else {
      let repliedAt = officeHours(random, submittedAt + replyDays * DAY);
      if (repliedAt <= handledFrom + 2 * HOUR) repliedAt = handledFrom + wholeSeconds(random.between(2, 5) * HOUR);
      // The unit's draft comes a little before the 办公室 approves it; some go back once for changes.
      let draftAt = Math.max(handledFrom + HOUR, repliedAt - wholeSeconds(random.between(0.5, 3) * DAY));
      if (random.chance(0.1) && repliedAt - draftAt > 4 * HOUR) {
        const returnAt = draftAt + wholeSeconds((repliedAt - draftAt) * random.between(0.2, 0.4));
        steps.push({ kind: 'draft', at: draftAt, reply: replyText.slice(0, Math.max(40, Math.floor(replyText.length * 0.6))) });
        steps.push({ kind: 'return', at: returnAt, comment: random.pick(REVIEW_COMMENTS) });
        draftAt = returnAt + wholeSeconds((repliedAt - returnAt) * random.between(0.3, 0.7));
      }
      steps.push({ kind: 'draft', at: draftAt, reply: replyText });
      steps.push({ kind: 'approve', at: repliedAt });
      let lastAt = repliedAt;
      if (consentToPublish) {
        const decidedAt = officeHours(random, repliedAt + random.between(0.3, 3) * DAY);
        if (random.chance(0.88)) {
          steps.push({ kind: 'publish', at: decidedAt, publicTitle: fillTemplate(template.title, vars, true), publicContent: fillTemplate(template.content, vars, true), publicReply: fillTemplate(template.reply, vars, true) });
        } else {
          steps.push({ kind: 'withhold', at: decidedAt, reason: random.pick(WITHHOLD_REASONS) });
        }
        lastAt = decidedAt;
      }
      if (random.chance(0.72)) {
        const rating = random.weighted(RATING_WEIGHTS);
        const ratedAt = Math.max(lastAt, repliedAt) + wholeSeconds(random.between(0.1, 8) * DAY);
        steps.push({ kind: 'rate', at: ratedAt, rating, comment: random.chance(0.4) ? random.pick(RATING_COMMENTS[rating]) : null });
        if (rating === 'dissatisfied') {
          const followUpAt = officeHours(random, ratedAt + random.between(1, 6) * DAY);
          if (random.chance(0.6)) {
            steps.push({ kind: 'follow_up', at: followUpAt, outcome: 'explained', note: random.pick(FOLLOW_UP_OUTCOMES.explained) });
          } else {
            steps.push({ kind: 'follow_up', at: followUpAt, outcome: 'reopened', note: random.pick(FOLLOW_UP_OUTCOMES.reopened) });
            const secondDraft = officeHours(random, followUpAt + random.between(1, 4) * DAY);
            steps.push({ kind: 'draft', at: secondDraft, reply: `${replyText}\n\n（回访后补充）经再次核实，相关问题已整改到位，欢迎继续监督。` });
            steps.push({ kind: 'approve', at: officeHours(random, secondDraft + random.between(0.2, 1) * DAY) });
          }
        }
      }
    }
  }
  const lateness = random.chance(0.35) ? 'extend' : random.chance(0.85) ? 'urge' : 'none';

  return {
    submission: {
      role,
      category: template.category,
      title: fillTemplate(template.title, vars, false),
      content,
      ...(itemCode ? { itemCode } : {}),
      ...(unitCode ? { unitCode } : {}),
      anonymous: isAnonymous,
      ...(contactName ? { contactName } : {}),
      ...(contactPhone ? { contactPhone } : {}),
      ...(contactEmail ? { contactEmail } : {}),
      consentToPublish,
    } as FeedbackSubmission,
    secret,
    submittedAt,
    lateness,
    extensionReason: random.pick(EXTENSION_REASONS),
    urgeNote: random.pick(URGE_NOTES),
    steps: sortSteps(steps),
  };
}

/** Steps in time order; office-hours rounding can move a later step before an earlier one. */
function sortSteps(steps: DemoStep[]): DemoStep[] {
  for (let index = 1; index < steps.length; index += 1) {
    const previous = steps[index - 1]!;
    const step = steps[index]!;
    if (step.at <= previous.at) step.at = previous.at + 10 * MINUTE;
  }
  return steps;
}

/** Some spread evenly, most denser towards `now` (the channel became better known over time). */
function pickSubmissionTime(random: Random, nowMs: number): number {
  const u = random.next();
  const daysAgo = random.chance(0.4) ? u * DEMO_FEEDBACK_SPAN_DAYS : DEMO_FEEDBACK_SPAN_DAYS * (1 - Math.cbrt(u));
  const localDayStart = Math.floor((nowMs - daysAgo * DAY + SHANGHAI_OFFSET) / DAY) * DAY;
  const timeOfDay = random.pick(SUBMISSION_HOURS) * HOUR + random.int(0, 59) * MINUTE + random.int(0, 59) * SECOND;
  let submittedAt = localDayStart + timeOfDay - SHANGHAI_OFFSET;
  while (submittedAt > nowMs - 10 * MINUTE) submittedAt -= DAY;
  return submittedAt;
}

/**
 * Moves a handler's action into office hours (08:30–17:30 Asia/Shanghai, Monday to Friday), never
 * earlier than asked. Public holidays are ignored: this is demo data, not the deadline calculation.
 */
function officeHours(random: Random, at: number): number {
  const local = wholeSeconds(at) + SHANGHAI_OFFSET;
  let dayStart = Math.floor(local / DAY) * DAY;
  let timeOfDay = local - dayStart;
  const opens = 8.5 * HOUR;
  const closes = 17.5 * HOUR;
  if (timeOfDay < opens) {
    timeOfDay = opens + wholeSeconds(random.between(0, 1.5) * HOUR);
  } else if (timeOfDay >= closes) {
    dayStart += DAY;
    timeOfDay = opens + wholeSeconds(random.between(0, 2) * HOUR);
  }
  for (let weekday = new Date(dayStart).getUTCDay(); weekday === 0 || weekday === 6; weekday = new Date(dayStart).getUTCDay()) {
    dayStart += DAY;
  }
  return dayStart + timeOfDay - SHANGHAI_OFFSET;
}

function pickSchool(random: Random, template: FeedbackTemplate): DemoUnit {
  const levels = template.levels ?? DEFAULT_SCHOOL_LEVELS;
  const schools = DEMO_UNITS.filter((unit) => unit.kind === 'school' && unit.level !== undefined && levels.includes(unit.level));
  return random.weighted(schools.map((school) => [school, school.feedbackWeight ?? 1] as const));
}

function unitName(code: string): string {
  const unit = DEMO_UNITS.find((candidate) => candidate.code === code);
  if (!unit) throw new Error(`Demo data refers to unknown unit code ${code}`);
  return unit.kind === 'department' ? `县教育局${unit.name}` : unit.name;
}

function contactSuffix(random: Random, role: SubmitterRole): string {
  if (role === 'teacher') return '老师';
  if (role === 'student') return '同学';
  return random.chance(0.6) ? '女士' : '先生';
}

/** 11-digit mobile numbers with a run of zeros in the middle, so they read as made up. */
function fictionalPhone(random: Random): string {
  return `${random.pick(PHONE_PREFIXES)}0000${String(random.int(0, 9999)).padStart(4, '0')}`;
}

const PRIVATE = new Set<string>(PRIVATE_PLACEHOLDERS);

/** Fills {placeholders}; for the public text, personal ones become "***". */
function fillTemplate(text: string, vars: Record<string, string>, forPublic: boolean): string {
  return text.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = vars[key];
    if (value === undefined) throw new Error(`Template placeholder {${key}} has no value`);
    return forPublic && PRIVATE.has(key) ? '***' : value;
  });
}

function wholeSeconds(ms: number): number {
  return Math.round(ms / SECOND) * SECOND;
}

