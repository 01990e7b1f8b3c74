// Seeds the demo bureau: its units, demo staff (one per role), its rectification ledger and a few
// hundred synthetic public opinions (planned in demo-feedback-plan.ts). The ledger is made by the 台账管理员's named actions (createItem,
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
import type { ItemStatus } from '../../server/domain/vocabulary.ts';
import type { WorkCalendar } from '../../server/domain/working-days.ts';
import {
  DEMO_ITEMS,
  DEMO_LEDGER_CREATED_AT,
  DEMO_REPLY_TEMPLATES,
  DEMO_UNITS,
  type DemoEditableFields,
  type DemoItem,
} from './demo-bureau.ts';
import { createDemoStaff, type DemoStaffAccounts } from './demo-staff.ts';
import type { MailHooks } from '../../server/mail/notifications.ts';
import type { ContactVault } from '../../server/actions/contact-details.ts';
import { bureauInstant } from '../../server/domain/bureau-time.ts';
import { createRandom, DAY, DEFAULT_DEMO_FEEDBACK_COUNT, DEFAULT_DEMO_SEED, HOUR, MINUTE, type PlannedFeedback, planDemoFeedback, type Random } from './demo-feedback-plan.ts';


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
