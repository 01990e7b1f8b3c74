// How the opinion figures are worked out from each opinion's recorded facts (its events and
// timestamps, read by db/queries/statistics.ts). Pure: the same facts always give the same
// figures, so each rule is tested on hand-worked fixtures. The definitions shown to the public
// (口径说明) describe exactly these rules: keep site/src/lib/stat-definitions.ts in step.
import type { WorkCalendar } from './working-days.ts';
import type { FeedbackState, Rating } from './vocabulary.ts';

/** One opinion as the statistics see it. Dates are the bureau's calendar dates (UTC+8), YYYY-MM-DD. */
export interface FeedbackFactsRow {
  status: FeedbackState;
  role: string;
  category: string;
  /** The unit that answered, or the one the opinion is with; null before 转办. */
  unitId: number | null;
  submittedOn: string;
  acceptedOn: string | null;
  acceptDueOn: string | null;
  /** 不予受理: the day it was declined. */
  rejectedOn: string | null;
  /** The first 转办. */
  assignedOn: string | null;
  /** Set only while the opinion stands answered (a reopened one is not answered until answered again). */
  repliedOn: string | null;
  replyDueOn: string | null;
  extended: 0 | 1;
  extendedWhenOverdue: 0 | 1;
  /** The rating of the standing reply. */
  rating: Rating | null;
  published: 0 | 1;
  /** 督办 events. */
  urges: number;
  /** 不满意 ratings ever given, and 回访 events ever recorded. */
  dissatisfiedRatings: number;
  followUps: number;
  /** The first 不满意 rating and the first 回访 after it. */
  dissatisfiedOn: string | null;
  followedUpOn: string | null;
}

export interface DayFigures {
  count: number;
  median: number | null;
  mean: number | null;
}

export interface FeedbackFigures {
  received: number;
  /** Accepted for handling and neither declined nor withdrawn. */
  accepted: number;
  /** 不予受理. */
  notAccepted: number;
  withdrawn: number;
  /** 待受理 now. */
  pending: number;
  /** Accepted and not answered now (办理中, including reopened ones). */
  inHand: number;
  replied: number;
  replyRate: number | null;
  /** 受理 (or 不予受理) decided by the acceptance deadline, over decided opinions. */
  acceptOnTime: number;
  acceptDecided: number;
  acceptOnTimeRate: number | null;
  /** Answered by the deadline with no extension. */
  replyOnTime: number;
  /** Answered after the deadline, or extended when already overdue. */
  replyLate: number;
  /** Answered with an extension (counted apart, never on time). */
  replyExtended: number;
  replyOnTimeRate: number | null;
  /** Working days spent at each step, and in all. */
  daysToAccept: DayFigures;
  daysToAssign: DayFigures;
  daysToReply: DayFigures;
  daysTotal: DayFigures;
  rated: number;
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
  /** (满意 + 基本满意) / rated. */
  satisfactionRate: number | null;
  /** Answered but not rated, over answered. */
  unratedShare: number | null;
  /** 不满意 ratings ever given and 回访 recorded after them. */
  dissatisfiedRatings: number;
  followUps: number;
  followUpRate: number | null;
  daysToFollowUp: DayFigures;
  urges: number;
  published: number;
  /** The oldest opinion still unanswered (待受理 or 办理中): submitted on, and its age in calendar days. */
  oldestUnansweredOn: string | null;
  oldestUnansweredDays: number | null;
}

/** Working days counted from a cumulative index over the facts' whole date range: one sweep. */
export function workingDayCounter(calendar: WorkCalendar, dates: Iterable<string | null>): (from: string, to: string) => number {
  let first: string | undefined;
  let last: string | undefined;
  for (const date of dates) {
    if (date === null) continue;
    if (first === undefined || date < first) first = date;
    if (last === undefined || date > last) last = date;
  }
  return workingDayIndex(calendar, first ?? null, last ?? null);
}

/**
 * Working days counted from a cumulative index over first..last (bureau dates), swept once; a date
 * outside the range is counted by the calendar itself, so the range only decides the speed.
 */
export function workingDayIndex(calendar: WorkCalendar, first: string | null, last: string | null): (from: string, to: string) => number {
  const index = new Map<string, number>();
  if (first !== null && last !== null) {
    let count = 0;
    for (let day = Date.parse(`${first}T00:00:00Z`), end = Date.parse(`${last}T00:00:00Z`); day <= end; day += 86_400_000) {
      const date = new Date(day).toISOString().slice(0, 10);
      if (date !== first && calendar.isWorkingDay(date).working) count += 1;
      index.set(date, count);
    }
  }
  return (from, to) => {
    const start = index.get(from);
    const end = index.get(to);
    // A date outside the swept range is counted the slow way rather than guessed.
    if (start === undefined || end === undefined) return calendar.workingDaysBetween(from, to).days;
    return Math.max(0, end - start);
  };
}

export function calendarDaysBetween(from: string, to: string): number {
  return Math.max(0, Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000));
}

function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

export function dayFigures(values: number[]): DayFigures {
  if (values.length === 0) return { count: 0, median: null, mean: null };
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { count: sorted.length, median, mean: sorted.reduce((sum, value) => sum + value, 0) / sorted.length };
}

/** A reply's timeliness: on time, late, or extended (extended may be late too). */
export function replyTimeliness(facts: Pick<FeedbackFactsRow, 'repliedOn' | 'replyDueOn' | 'extended' | 'extendedWhenOverdue'>): { onTime: boolean; late: boolean; extended: boolean } {
  if (facts.repliedOn === null) return { onTime: false, late: false, extended: false };
  const afterDue = facts.replyDueOn !== null && facts.repliedOn > facts.replyDueOn;
  if (facts.extended === 1) return { onTime: false, late: afterDue || facts.extendedWhenOverdue === 1, extended: true };
  return { onTime: facts.replyDueOn !== null && !afterDue, late: afterDue, extended: false };
}

/** Counts of whole working days, so that a median and a mean come from the counts, not from a sorted list. */
export class DayHistogram {
  private readonly counts: number[] = [];
  private count = 0;
  private sum = 0;

  /** Adds `n` values of `days` (one by default). */
  add(days: number, n = 1): void {
    this.counts[days] = (this.counts[days] ?? 0) + n;
    this.count += n;
    this.sum += days * n;
  }

  /** The k-th smallest value (0-based). */
  private valueAt(k: number): number {
    let seen = 0;
    for (let days = 0; days < this.counts.length; days++) {
      seen += this.counts[days] ?? 0;
      if (seen > k) return days;
    }
    throw new Error(`no value at ${k} of ${this.count}`);
  }

  /** The same figures as dayFigures over the values added (whole numbers, so the sum is exact). */
  figures(): DayFigures {
    if (this.count === 0) return { count: 0, median: null, mean: null };
    const middle = this.count >> 1;
    const median = this.count % 2 === 1 ? this.valueAt(middle) : (this.valueAt(middle - 1) + this.valueAt(middle)) / 2;
    return { count: this.count, median, mean: this.sum / this.count };
  }

  /** How many values fall in each of `buckets` (each bucket takes the values up to its max). */
  buckets(buckets: readonly { label: string; max: number }[]): { label: string; count: number }[] {
    const counts = buckets.map((bucket) => ({ label: bucket.label, count: 0 }));
    this.counts.forEach((n, days) => {
      if (n) counts[buckets.findIndex((bucket) => days <= bucket.max)]!.count += n;
    });
    return counts;
  }
}

/** One opinion's working-day measures, counted once and added to every breakdown it belongs to. */
export interface MeasuredFeedback {
  facts: FeedbackFactsRow;
  toAccept: number | null;
  toAssign: number | null;
  toReply: number | null;
  total: number | null;
  toFollowUp: number | null;
}

/** Counts an opinion's working days at each step; `days` counts working days between two bureau dates. */
export function measureFeedback(facts: FeedbackFactsRow, days: (from: string, to: string) => number): MeasuredFeedback {
  const answered = facts.status === 'replied' && facts.repliedOn !== null;
  return {
    facts,
    toAccept: facts.acceptedOn !== null ? days(facts.submittedOn, facts.acceptedOn) : null,
    toAssign: facts.acceptedOn !== null && facts.assignedOn !== null ? days(facts.acceptedOn, facts.assignedOn) : null,
    toReply: answered && facts.assignedOn !== null ? days(facts.assignedOn, facts.repliedOn!) : null,
    total: answered ? days(facts.submittedOn, facts.repliedOn!) : null,
    toFollowUp: facts.dissatisfiedOn !== null && facts.followedUpOn !== null ? days(facts.dissatisfiedOn, facts.followedUpOn) : null,
  };
}

/** The counts of a group of opinions, as FiguresAccumulator adds them up. */
export interface FiguresCounts {
  received: number;
  accepted: number;
  notAccepted: number;
  withdrawn: number;
  pending: number;
  inHand: number;
  replied: number;
  acceptOnTime: number;
  acceptDecided: number;
  replyOnTime: number;
  replyLate: number;
  replyExtended: number;
  rated: number;
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
  dissatisfiedRatings: number;
  followUps: number;
  urges: number;
  published: number;
}

/** A group of opinions already added up (the rollup of migration 017): counts, day histograms, oldest open. */
export interface GroupTotals {
  counts: FiguresCounts;
  /** Working days per measure: how many opinions took each number of days. */
  days: ReadonlyMap<'accept' | 'assign' | 'reply' | 'total' | 'follow_up', readonly { days: number; n: number }[]>;
  oldestOpenOn: string | null;
}

/** Folds opinions into figures; `days` counts working days between two bureau dates. */
export class FiguresAccumulator {
  private readonly counts: FiguresCounts = {
    received: 0, accepted: 0, notAccepted: 0, withdrawn: 0, pending: 0, inHand: 0, replied: 0,
    acceptOnTime: 0, acceptDecided: 0, replyOnTime: 0, replyLate: 0, replyExtended: 0,
    rated: 0, satisfied: 0, basicallySatisfied: 0, dissatisfied: 0, dissatisfiedRatings: 0, followUps: 0, urges: 0, published: 0,
  };
  private readonly toAccept = new DayHistogram();
  private readonly toAssign = new DayHistogram();
  private readonly toReply = new DayHistogram();
  private readonly total = new DayHistogram();
  private readonly toFollowUp = new DayHistogram();
  private oldestOpenOn: string | null = null;

  /** `today` is the bureau's date the ages are counted to. */
  private readonly days: (from: string, to: string) => number;
  private readonly today: string;

  constructor(days: (from: string, to: string) => number, today: string) {
    this.days = days;
    this.today = today;
  }

  add(facts: FeedbackFactsRow): void {
    this.addMeasured(measureFeedback(facts, this.days));
  }

  /** Adds an opinion whose working days are already counted (with the same calendar). */
  addMeasured(measured: MeasuredFeedback): void {
    const { facts } = measured;
    const c = this.counts;
    c.received += 1;
    const isAccepted = facts.acceptedOn !== null && facts.status !== 'rejected' && facts.status !== 'withdrawn';
    if (isAccepted) c.accepted += 1;
    if (facts.status === 'rejected') c.notAccepted += 1;
    if (facts.status === 'withdrawn') c.withdrawn += 1;
    if (facts.status === 'pending') c.pending += 1;
    if (facts.status === 'accepted' || facts.status === 'assigned' || facts.status === 'in_review') c.inHand += 1;
    if (facts.status === 'pending' || facts.status === 'accepted' || facts.status === 'assigned' || facts.status === 'in_review') {
      if (this.oldestOpenOn === null || facts.submittedOn < this.oldestOpenOn) this.oldestOpenOn = facts.submittedOn;
    }
    const decidedOn = facts.acceptedOn ?? facts.rejectedOn;
    if (decidedOn !== null && facts.acceptDueOn !== null) {
      c.acceptDecided += 1;
      if (decidedOn <= facts.acceptDueOn) c.acceptOnTime += 1;
    }
    if (measured.toAccept !== null) this.toAccept.add(measured.toAccept);
    if (measured.toAssign !== null) this.toAssign.add(measured.toAssign);
    if (facts.status === 'replied' && facts.repliedOn !== null) {
      c.replied += 1;
      const timeliness = replyTimeliness(facts);
      if (timeliness.onTime) c.replyOnTime += 1;
      if (timeliness.late) c.replyLate += 1;
      if (timeliness.extended) c.replyExtended += 1;
      if (measured.toReply !== null) this.toReply.add(measured.toReply);
      if (measured.total !== null) this.total.add(measured.total);
      if (facts.rating !== null) {
        c.rated += 1;
        if (facts.rating === 'satisfied') c.satisfied += 1;
        else if (facts.rating === 'basically_satisfied') c.basicallySatisfied += 1;
        else c.dissatisfied += 1;
      }
      if (facts.published === 1) c.published += 1;
    }
    c.dissatisfiedRatings += facts.dissatisfiedRatings;
    c.followUps += Math.min(facts.followUps, facts.dissatisfiedRatings);
    if (measured.toFollowUp !== null) this.toFollowUp.add(measured.toFollowUp);
    c.urges += facts.urges;
  }

  /** Adds a group already added up, counted with the same calendar (the same figures as adding its opinions). */
  addTotals(totals: GroupTotals): void {
    for (const name of Object.keys(this.counts) as (keyof FiguresCounts)[]) this.counts[name] += totals.counts[name];
    const histograms = { accept: this.toAccept, assign: this.toAssign, reply: this.toReply, total: this.total, follow_up: this.toFollowUp };
    for (const [measure, values] of totals.days) for (const { days, n } of values) histograms[measure].add(days, n);
    if (totals.oldestOpenOn !== null && (this.oldestOpenOn === null || totals.oldestOpenOn < this.oldestOpenOn)) this.oldestOpenOn = totals.oldestOpenOn;
  }

  figures(): FeedbackFigures {
    const c = this.counts;
    return {
      ...c,
      replyRate: rate(c.replied, c.accepted),
      acceptOnTimeRate: rate(c.acceptOnTime, c.acceptDecided),
      replyOnTimeRate: rate(c.replyOnTime, c.replied),
      daysToAccept: this.toAccept.figures(),
      daysToAssign: this.toAssign.figures(),
      daysToReply: this.toReply.figures(),
      daysTotal: this.total.figures(),
      satisfactionRate: rate(c.satisfied + c.basicallySatisfied, c.rated),
      unratedShare: rate(c.replied - c.rated, c.replied),
      followUpRate: rate(c.followUps, c.dissatisfiedRatings),
      daysToFollowUp: this.toFollowUp.figures(),
      oldestUnansweredOn: this.oldestOpenOn,
      oldestUnansweredDays: this.oldestOpenOn === null ? null : calendarDaysBetween(this.oldestOpenOn, this.today),
    };
  }

  /** Answered opinions by working days from submission to answer, for the distribution chart. */
  replyDays(): { label: string; count: number }[] {
    return this.total.buckets(REPLY_DAY_BUCKETS);
  }
}

/** Buckets of working days to answer, for the distribution chart. */
export const REPLY_DAY_BUCKETS = [
  { label: '0–1', max: 1 },
  { label: '2–3', max: 3 },
  { label: '4–5', max: 5 },
  { label: '6–10', max: 10 },
  { label: '11–20', max: 20 },
  { label: '20以上', max: Number.POSITIVE_INFINITY },
] as const;

export function replyDayDistribution(days: readonly number[]): { label: string; count: number }[] {
  const counts = REPLY_DAY_BUCKETS.map((bucket) => ({ label: bucket.label, count: 0 }));
  for (const value of days) counts[REPLY_DAY_BUCKETS.findIndex((bucket) => value <= bucket.max)]!.count += 1;
  return counts;
}

/** Fewer rated opinions than this: the figures are shown but flagged 样本较少 and never ranked. */
export const SMALL_SAMPLE_RATED = 10;
