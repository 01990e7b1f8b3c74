// Scheduled mails, queued by a timer in the server process (every 15 minutes): deadline reminders
// one working day before a deadline and on the day, to the unit and the 办公室; and a digest per
// unit (open, due soon, overdue) once per working day. Each row carries a dedupe key — opinion ×
// deadline × stage × recipient, or day × unit × recipient — so runs, restarts and a second server
// never queue the same one twice. Nothing is sent on a day off, nor before the digest time.
import type { Db } from '../../db/open.ts';
import { dedupeKeyExists, feedbackDueOn, openFeedbackByUnit, type UnitOpenFeedback, unitName } from '../../db/queries/mail.ts';
import { bureauClock } from '../domain/bureau-time.ts';
import { isDueSoon, isOverdue } from '../domain/deadlines.ts';
import { workCalendar } from '../../db/queries/calendar.ts';
import { FEEDBACK_STATE_LABELS, type FeedbackState } from '../domain/vocabulary.ts';
import type { WorkCalendar } from '../domain/working-days.ts';
import type { MailSettings } from './kinds.ts';
import { enqueueMail, MailRefusedError, type MailToQueue } from './outbox.ts';
import { distinctRecipients, officeRecipients, unitHandlerRecipients } from './recipients.ts';
import { deadlineReminderMail, type DigestLine, type DueKind, unitDigestMail } from './templates.ts';
import type { WorkerLog } from './worker.ts';

/** When reminders go out if the digest is off. */
export const DEFAULT_MORNING_TIME = '08:30';
export const SCHEDULER_INTERVAL_MS = 15 * 60_000;
/** Lines listed in a digest; the rest are counted. */
const DIGEST_MAX_LINES = 30;

export interface ScheduleOptions {
  now: Date;
  calendar: WorkCalendar;
  /** HH:MM: digests (and reminders) from then on; null: no digest, reminders from 08:30. */
  digestTime: string | null;
  onRefused?: (kind: string, reason: string) => void;
}

export interface ScheduleResult {
  reminders: number;
  digests: number;
  /** Why nothing was looked at. */
  skipped: 'day_off' | 'too_early' | null;
}

function dueKindOf(feedback: { status: string }): DueKind {
  if (feedback.status === 'pending') return 'accept';
  if (feedback.status === 'replied') return 'follow_up';
  return 'reply';
}

function stateLabel(status: string): string {
  return FEEDBACK_STATE_LABELS[status as FeedbackState] ?? status;
}

/** Queues the reminders and digests due at `now` that are not queued yet; returns how many. */
export function enqueueScheduledMails(db: Db, settings: MailSettings, options: ScheduleOptions): ScheduleResult {
  const { date: today, time } = bureauClock(options.now);
  const result: ScheduleResult = { reminders: 0, digests: 0, skipped: null };
  if (!options.calendar.isWorkingDay(today).working) return { ...result, skipped: 'day_off' };
  if (time < (options.digestTime ?? DEFAULT_MORNING_TIME)) return { ...result, skipped: 'too_early' };
  const at = options.now.toISOString();

  const queueOnce = (key: string, build: () => MailToQueue): boolean => {
    if (dedupeKeyExists(db, key)) return false;
    const mail = build();
    try {
      return enqueueMail(db, settings, mail) !== null;
    } catch (error) {
      if (!(error instanceof MailRefusedError)) throw error;
      options.onRefused?.(mail.kind, error.message);
      return false;
    }
  };

  db.transaction(() => {
    // Reminders: the working day before a deadline, and the day itself.
    const nextWorkingDay = options.calendar.addWorkingDays(today, 1).date;
    for (const feedback of feedbackDueOn(db, [today, nextWorkingDay])) {
      const dueKind = dueKindOf(feedback);
      const stage = feedback.dueOn === today ? 'due' : 'eve';
      const withUnit = dueKind === 'reply' && feedback.assignedUnitId !== null && feedback.status !== 'accepted';
      const recipients = distinctRecipients([withUnit ? unitHandlerRecipients(db, feedback.assignedUnitId) : [], officeRecipients(db)]);
      const unit = withUnit ? unitName(db, feedback.assignedUnitId) : null;
      for (const recipient of recipients) {
        const key = `reminder:${feedback.id}:${dueKind}:${feedback.dueOn}:${stage}:u${recipient.userId}`;
        const queued = queueOnce(key, () => ({
          kind: 'deadline_reminder',
          audience: recipient.audience,
          to: recipient.mailbox,
          recipientUnitId: recipient.unitId,
          feedbackId: feedback.id,
          dedupeKey: key,
          at,
          content: deadlineReminderMail(settings, {
            trackingCode: feedback.trackingCode,
            dueKind,
            dueOn: feedback.dueOn,
            stage,
            unitName: unit,
            stateLabel: stateLabel(feedback.status),
          }),
        }));
        if (queued) result.reminders += 1;
      }
    }

    // Digests: one per unit with open opinions, to its 经办人.
    if (options.digestTime === null) return;
    const byUnit = new Map<number, UnitOpenFeedback[]>();
    for (const row of openFeedbackByUnit(db)) byUnit.set(row.unitId, [...(byUnit.get(row.unitId) ?? []), row]);
    for (const [unitId, rows] of byUnit) {
      const lines: DigestLine[] = rows.map((row) => ({
        trackingCode: row.trackingCode,
        stateLabel: stateLabel(row.status),
        dueOn: row.replyDueOn,
        flag: isOverdue(row.replyDueOn, today) ? 'overdue' : isDueSoon(options.calendar, row.replyDueOn, today) ? 'due_soon' : null,
      }));
      // Overdue first, then due soon, then the rest, each by due date (the query's order).
      const rank = (line: DigestLine) => (line.flag === 'overdue' ? 0 : line.flag === 'due_soon' ? 1 : 2);
      lines.sort((a, b) => rank(a) - rank(b));
      const counts = {
        open: lines.length,
        overdue: lines.filter((line) => line.flag === 'overdue').length,
        dueSoon: lines.filter((line) => line.flag === 'due_soon').length,
      };
      for (const recipient of distinctRecipients([unitHandlerRecipients(db, unitId)])) {
        const key = `digest:${today}:unit${unitId}:u${recipient.userId}`;
        const queued = queueOnce(key, () => ({
          kind: 'unit_digest',
          audience: recipient.audience,
          to: recipient.mailbox,
          recipientUnitId: recipient.unitId,
          dedupeKey: key,
          at,
          content: unitDigestMail(settings, {
            unitName: rows[0]!.unitName,
            date: today,
            ...counts,
            lines: lines.slice(0, DIGEST_MAX_LINES),
            more: Math.max(0, lines.length - DIGEST_MAX_LINES),
          }),
        }));
        if (queued) result.digests += 1;
      }
    }
  }).immediate();
  return result;
}

export interface MailSchedulerOptions {
  db: Db;
  settings: MailSettings;
  digestTime: string | null;
  now?: () => Date;
  intervalMs?: number;
  log?: WorkerLog;
  /** Mails were queued: wake the worker. */
  onQueued?: () => void;
}

/** Runs enqueueScheduledMails now and every interval; returns a function that stops it. */
export function startMailScheduler(options: MailSchedulerOptions): () => void {
  const now = options.now ?? (() => new Date());
  const run = () => {
    try {
      const result = enqueueScheduledMails(options.db, options.settings, {
        now: now(),
        calendar: workCalendar(options.db),
        digestTime: options.digestTime,
        onRefused: (kind, reason) => options.log?.warn({ kind, reason }, 'scheduled mail refused'),
      });
      if (result.reminders + result.digests > 0) {
        options.log?.info({ reminders: result.reminders, digests: result.digests }, 'scheduled mails queued');
        options.onQueued?.();
      }
    } catch (error) {
      options.log?.error({ err: error }, 'could not queue scheduled mails; trying again at the next run');
    }
  };
  const first = setTimeout(run, 1000);
  first.unref();
  const timer = setInterval(run, options.intervalMs ?? SCHEDULER_INTERVAL_MS);
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
