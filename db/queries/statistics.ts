// Named statistics. Each one is a function with a test; each counts only rows the public may
// know about by construction (published ledger items; feedback counts carry no personal data).
import type { FeedbackStats, FiguresRow, ItemStats, LedgerRow, Statistics, TopicStats } from '../public-snapshot-schema.ts';
import type { Db } from '../open.ts';
import { statement } from '../statements.ts';
import { oldestOpenOn, type RollupDimension, rollupFollows, rollupGroups, rollupHeadline } from './statistics-rollup.ts';
import { FiguresAccumulator, type MeasuredFeedback, measureFeedback, type FeedbackFactsRow, workingDayCounter, workingDayIndex } from '../../server/domain/feedback-figures.ts';
import { overdueSql } from '../../server/domain/ledger-rules.ts';
import { type FeedbackState, type Rating, SUBMITTER_ROLE_LABELS, SUBMITTER_ROLES, type UnitKind } from '../../server/domain/vocabulary.ts';
import type { WorkCalendar } from '../../server/domain/working-days.ts';

/** Published items by status, with the overdue ones (`@today`); alias i. */
const LEDGER_COUNTS = `count(*) AS total,
  coalesce(sum(i.status = 'not_started'), 0) AS notStarted,
  coalesce(sum(i.status = 'in_progress'), 0) AS inProgress,
  coalesce(sum(i.status = 'completed'), 0) AS completed,
  coalesce(sum(i.status = 'ongoing'), 0) AS ongoing,
  coalesce(sum(${overdueSql('i')}), 0) AS overdue`;

/**
 * Ledger figures for published items. `today` is the bureau's calendar date, YYYY-MM-DD; overdue is
 * the rule of server/domain/ledger-rules.ts (past its deadline and not 已完成).
 */
export function rectificationStats(db: Db, today: string): ItemStats {
  const row = statement<[{ today: string }], Omit<ItemStats, 'completionRate'>>(
    db,
    `SELECT ${LEDGER_COUNTS} FROM rectification_items i WHERE i.is_published = 1`,
  ).get({ today })!;
  return { ...row, completionRate: row.total === 0 ? null : (row.completed + row.ongoing) / row.total };
}

/**
 * The home page's opinion figures, from the same facts as feedbackStatistics (feedback_facts, added up in
 * the rollup of migration 017): received; accepted
 * (accepted and neither declined nor withdrawn); replied (standing answered: a reopened opinion is
 * not, until answered again); replyRate = replied / accepted; onTimeRate: answered by the deadline
 * with no extension, over replied; extended: accepted opinions with an extension (counted apart).
 */
export function feedbackStats(db: Db): FeedbackStats {
  // From the rollup's overall group (migration 017) once it is built; from the facts before.
  const row = rollupHeadline(db) ?? statement<[], Omit<FeedbackStats, 'replyRate' | 'onTimeRate'> & { onTime: number }>(
    db,
    `SELECT count(*) AS received,
       coalesce(sum(accepted), 0) AS accepted,
       coalesce(sum(replied), 0) AS replied,
       coalesce(sum(replied AND extended = 0 AND reply_due_on IS NOT NULL AND replied_on <= reply_due_on), 0) AS onTime,
       coalesce(sum(accepted AND extended = 1), 0) AS extended
     FROM (SELECT accepted_on IS NOT NULL AND status NOT IN ('rejected', 'withdrawn') AS accepted,
             replied_on IS NOT NULL AS replied, extended, reply_due_on, replied_on
           FROM feedback_facts)`,
  ).get()!;
  const { onTime, ...counts } = row;
  return {
    ...counts,
    replyRate: row.accepted === 0 ? null : row.replied / row.accepted,
    onTimeRate: row.replied === 0 ? null : onTime / row.replied,
  };
}

/**
 * 群众点题 figures, newest campaign first. 点题: nominations (opinions sent for the campaign); 采纳:
 * distinct ledger items the adopted nominations became or joined; 已完成: those items 已完成. An item
 * counts whether or not it is published yet: the submitter has been told of the adoption, and the
 * figure names no item. The totals count an item joined from two campaigns once.
 */
export function topicCampaignStats(db: Db): TopicStats {
  const adoptedItems = `SELECT DISTINCT n.campaign_id, n.item_id, i.status FROM topic_nominations n JOIN rectification_items i ON i.id = n.item_id
     WHERE n.decision = 'adopted'`;
  const byCampaign = statement<[], TopicStats['byCampaign'][number]>(
    db,
    `SELECT c.id AS campaignId, c.theme,
       (SELECT count(*) FROM topic_nominations n WHERE n.campaign_id = c.id) AS nominations,
       (SELECT count(*) FROM (${adoptedItems}) a WHERE a.campaign_id = c.id) AS adopted,
       (SELECT count(*) FROM (${adoptedItems}) a WHERE a.campaign_id = c.id AND a.status = 'completed') AS completed
     FROM topic_campaigns c ORDER BY c.opens_on DESC, c.id DESC`,
  ).all();
  const totals = statement<[], Omit<TopicStats, 'byCampaign'>>(
    db,
    `SELECT (SELECT count(*) FROM topic_campaigns) AS campaigns,
       (SELECT count(*) FROM topic_nominations) AS nominations,
       (SELECT count(DISTINCT item_id) FROM (${adoptedItems})) AS adopted,
       (SELECT count(DISTINCT item_id) FROM (${adoptedItems}) WHERE status = 'completed') AS completed`,
  ).get()!;
  return { ...totals, byCampaign };
}

// ---------------------------------------------------------------------------------------------
// Opinion figures from events and timestamps (issue 14). Each opinion's facts are kept in
// feedback_facts (migration 015: triggers in the transaction of every change); the figures read
// that narrow table in one scan and fold the breakdowns in the same pass.

interface FactsRow extends Omit<FeedbackFactsRow, 'rating' | 'status'> {
  feedbackId: number;
  status: FeedbackState;
  rating: Rating | null;
  month: string;
}

/** The maintained facts (migration 015), one row per opinion. */
const FACTS_SQL = `SELECT f.feedback_id AS feedbackId, f.status, f.role, f.category, f.unit_id AS unitId,
       f.submitted_on AS submittedOn, f.month, f.accepted_on AS acceptedOn, f.accept_due_on AS acceptDueOn,
       f.rejected_on AS rejectedOn, f.assigned_on AS assignedOn, f.replied_on AS repliedOn, f.reply_due_on AS replyDueOn,
       f.extended, f.extended_when_overdue AS extendedWhenOverdue, f.rating, f.published, f.urges,
       f.dissatisfied_ratings AS dissatisfiedRatings, f.follow_ups AS followUps, f.dissatisfied_on AS dissatisfiedOn,
       f.followed_up_on AS followedUpOn
     FROM feedback_facts f`;

/**
 * The same facts worked out from scratch from `feedback` and all of `feedback_events` (what the
 * figures read before migration 015): the reference the maintained table is tested against.
 */
const FACTS_FROM_SCRATCH_SQL = `SELECT f.id AS feedbackId, f.status, f.role, f.category, coalesce(f.reply_unit_id, f.assigned_unit_id) AS unitId,
       date(f.submitted_at, '+8 hours') AS submittedOn,
       substr(date(f.submitted_at, '+8 hours'), 1, 7) AS month,
       date(f.accepted_at, '+8 hours') AS acceptedOn,
       f.accept_due_on AS acceptDueOn,
       CASE WHEN f.status = 'rejected' THEN date(f.closed_at, '+8 hours') END AS rejectedOn,
       date(e.firstAssignedAt, '+8 hours') AS assignedOn,
       CASE WHEN f.status = 'replied' THEN date(f.replied_at, '+8 hours') END AS repliedOn,
       f.reply_due_on AS replyDueOn,
       f.extension_days IS NOT NULL AS extended,
       f.extended_when_overdue AS extendedWhenOverdue,
       CASE WHEN f.status = 'replied' THEN f.rating END AS rating,
       f.status = 'replied' AND f.publication = 'published' AS published,
       coalesce(e.urges, 0) AS urges,
       coalesce(e.dissatisfiedRatings, 0) AS dissatisfiedRatings,
       coalesce(e.followUps, 0) AS followUps,
       date(e.dissatisfiedAt, '+8 hours') AS dissatisfiedOn,
       date(e.followedUpAt, '+8 hours') AS followedUpOn
     FROM feedback f
     LEFT JOIN (
       SELECT feedback_id,
         min(CASE WHEN action = 'assign' THEN at END) AS firstAssignedAt,
         sum(action = 'urge') AS urges,
         sum(action = 'rate' AND note = 'dissatisfied') AS dissatisfiedRatings,
         sum(action IN ('follow_up_explained', 'follow_up_reopened')) AS followUps,
         min(CASE WHEN action = 'rate' AND note = 'dissatisfied' THEN at END) AS dissatisfiedAt,
         min(CASE WHEN action IN ('follow_up_explained', 'follow_up_reopened') THEN at END) AS followedUpAt
       FROM feedback_events GROUP BY feedback_id
     ) e ON e.feedback_id = f.id`;

/** Submitted within [from, to], bureau dates inclusive. */
export interface StatisticsPeriod {
  from: string;
  to: string;
}

/** Each opinion's facts, dates already in the bureau's time zone (UTC+8); optionally those submitted in a period. */
export function factsOfFeedback(db: Db, period?: StatisticsPeriod): FactsRow[] {
  if (!period) return statement<[], FactsRow>(db, FACTS_SQL).all();
  return statement<[StatisticsPeriod], FactsRow>(db, `${FACTS_SQL} WHERE f.submitted_on BETWEEN @from AND @to`).all(period);
}

type FoldRow = Omit<FactsRow, 'feedbackId'>;

const FOLD_COLUMNS = `status, role, category, unit_id, submitted_on, month, accepted_on, accept_due_on, rejected_on, assigned_on,
  replied_on, reply_due_on, extended, extended_when_overdue, rating, published, urges, dissatisfied_ratings, follow_ups,
  dissatisfied_on, followed_up_on`;
type FoldValues = [FeedbackState, string, string, number | null, string, string, string | null, string | null, string | null, string | null,
  string | null, string | null, 0 | 1, 0 | 1, Rating | null, 0 | 1, number, number, number, string | null, string | null];

/** The maintained facts one at a time, read as plain rows (the cheapest way out of SQLite). */
function* maintainedFacts(db: Db, period?: StatisticsPeriod): Generator<FoldRow> {
  const sql = period
    ? `SELECT ${FOLD_COLUMNS} FROM feedback_facts WHERE submitted_on BETWEEN @from AND @to`
    : `SELECT ${FOLD_COLUMNS} FROM feedback_facts`;
  const query = statement<[StatisticsPeriod?], FoldValues>(db, sql).raw(true);
  const rows = period ? query.iterate(period) : query.iterate();
  for (const [status, role, category, unitId, submittedOn, month, acceptedOn, acceptDueOn, rejectedOn, assignedOn, repliedOn, replyDueOn,
    extended, extendedWhenOverdue, rating, published, urges, dissatisfiedRatings, followUps, dissatisfiedOn, followedUpOn] of rows as Iterable<FoldValues>) {
    yield { status, role, category, unitId, submittedOn, month, acceptedOn, acceptDueOn, rejectedOn, assignedOn, repliedOn, replyDueOn,
      extended, extendedWhenOverdue, rating, published, urges, dissatisfiedRatings, followUps, dissatisfiedOn, followedUpOn };
  }
}

/** The same rows worked out from scratch from the opinions and their events, in the order of their ids. */
export function feedbackFactsFromScratch(db: Db, period?: StatisticsPeriod): FactsRow[] {
  if (!period) return statement<[], FactsRow>(db, `${FACTS_FROM_SCRATCH_SQL} ORDER BY f.id`).all();
  // The period's bounds as UTC instants, so the submitted_at index serves the range.
  const fromAt = new Date(`${period.from}T00:00:00+08:00`).toISOString();
  const toAt = new Date(Date.parse(`${period.to}T00:00:00+08:00`) + 86_400_000).toISOString();
  return statement<[{ fromAt: string; toAt: string }], FactsRow>(db, `${FACTS_FROM_SCRATCH_SQL} WHERE f.submitted_at >= @fromAt AND f.submitted_at < @toAt ORDER BY f.id`).all({ fromAt, toAt });
}

function monthLabel(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}

class Breakdown {
  private readonly groups = new Map<string, FiguresAccumulator>();
  private readonly make: () => FiguresAccumulator;
  constructor(make: () => FiguresAccumulator) {
    this.make = make;
  }
  add(key: string, measured: MeasuredFeedback): void {
    this.group(key).addMeasured(measured);
  }
  group(key: string): FiguresAccumulator {
    let group = this.groups.get(key);
    if (!group) {
      group = this.make();
      this.groups.set(key, group);
    }
    return group;
  }
  rows(order: readonly { key: string; label: string; kind?: UnitKind | null }[], keepEmpty: boolean): FiguresRow[] {
    const empty = this.make().figures();
    return order
      .filter((entry) => keepEmpty || this.groups.has(entry.key))
      .map((entry) => ({ key: entry.key, label: entry.label, kind: entry.kind ?? null, figures: this.groups.get(entry.key)?.figures() ?? empty }));
  }
}

/** The opinion figures overall and by month, category, submitter role and unit. */
export function feedbackStatistics(
  db: Db,
  calendar: WorkCalendar,
  today: string,
  period?: StatisticsPeriod,
  source: 'maintained' | 'from-scratch' = 'maintained',
): Omit<Statistics, 'ledger'> {
  // The whole snapshot from the rollup (migration 017) when its stored working days follow `calendar`.
  if (source === 'maintained' && !period && rollupFollows(db, calendar)) return rolledUpStatistics(db, calendar, today);
  let facts: Iterable<FoldRow>;
  let days: (from: string, to: string) => number;
  if (source === 'maintained') {
    // Streamed, not held whole; the working-day index spans the first submission (by index) to today,
    // and a date outside it (none in practice) is counted the slow way.
    const bounds = period ? { from: period.from, to: period.to } : { from: '0000-01-01', to: '9999-12-31' };
    const first = statement<[{ from: string; to: string }], string | null>(db, 'SELECT min(submitted_on) FROM feedback_facts WHERE submitted_on BETWEEN @from AND @to')
      .pluck()
      .get(bounds) ?? null;
    days = workingDayIndex(calendar, first, today);
    facts = maintainedFacts(db, period);
  } else {
    const rows = feedbackFactsFromScratch(db, period);
    facts = rows;
    days = workingDayCounter(
      calendar,
      (function* () {
        for (const row of rows) {
          yield row.submittedOn;
          yield row.acceptedOn;
          yield row.assignedOn;
          yield row.repliedOn;
          yield row.dissatisfiedOn;
          yield row.followedUpOn;
        }
      })(),
    );
  }
  const make = () => new FiguresAccumulator(days, today);
  const { units, unitCode, categories } = breakdownOrder(db);
  const all = make();
  const byMonth = new Breakdown(make);
  const byCategory = new Breakdown(make);
  const byRole = new Breakdown(make);
  const byUnit = new Breakdown(make);
  const months = new Set<string>();
  for (const row of facts) {
    // Working days counted once per opinion, then added to each breakdown it belongs to.
    const measured = measureFeedback(row, days);
    all.addMeasured(measured);
    months.add(row.month);
    byMonth.add(row.month, measured);
    byCategory.add(row.category, measured);
    byRole.add(row.role, measured);
    byUnit.add(row.unitId === null ? '' : (unitCode.get(row.unitId) ?? ''), measured);
  }
  return statisticsOf(all, byMonth, byCategory, byRole, byUnit, months, units, categories);
}

/** The units and categories in the order the breakdowns show them. */
function breakdownOrder(db: Db) {
  const units = statement<[], { id: number; code: string; name: string; kind: UnitKind }>(
    db,
    'SELECT id, code, name, kind FROM units ORDER BY kind, sort_order, code',
  ).all();
  const unitCode = new Map(units.map((unit) => [unit.id, unit.code]));
  const categories = statement<[], { key: string; label: string }>(db, 'SELECT code AS key, label FROM feedback_categories ORDER BY sort_order, code').all();
  return { units, unitCode, categories };
}

function statisticsOf(
  all: FiguresAccumulator,
  byMonth: Breakdown,
  byCategory: Breakdown,
  byRole: Breakdown,
  byUnit: Breakdown,
  months: Set<string>,
  units: readonly { code: string; name: string; kind: UnitKind }[],
  categories: readonly { key: string; label: string }[],
): Omit<Statistics, 'ledger'> {
  return {
    feedback: all.figures(),
    replyDays: all.replyDays(),
    byMonth: byMonth.rows([...months].sort().map((month) => ({ key: month, label: monthLabel(month) })), false),
    byCategory: byCategory.rows(categories, false),
    byRole: byRole.rows(SUBMITTER_ROLES.map((role) => ({ key: role, label: SUBMITTER_ROLE_LABELS[role] })), true),
    // Every unit has a row (a scorecard page), even with no opinion yet; '' holds those not yet 转办.
    byUnit: byUnit.rows([...units.map((unit) => ({ key: unit.code, label: unit.name, kind: unit.kind })), { key: '', label: '尚未转办', kind: null }], true)
      .filter((row) => row.key !== '' || row.figures.received > 0),
  };
}

/**
 * The same figures from the rollup: a few hundred groups already added up instead of every opinion,
 * and the oldest unanswered of each group from an index. Only the working-day measures were stored;
 * rollupFollows checked they follow `calendar`.
 */
function rolledUpStatistics(db: Db, calendar: WorkCalendar, today: string): Omit<Statistics, 'ledger'> {
  // Working days are already counted; `days` serves no opinion here.
  const make = () => new FiguresAccumulator((from, to) => calendar.workingDaysBetween(from, to).days, today);
  const { units, unitCode, categories } = breakdownOrder(db);
  const all = make();
  const breakdowns: Record<Exclude<RollupDimension, 'all'>, Breakdown> = {
    month: new Breakdown(make),
    category: new Breakdown(make),
    role: new Breakdown(make),
    unit: new Breakdown(make),
  };
  const months = new Set<string>();
  for (const group of rollupGroups(db)) {
    const open = group.counts.pending + group.counts.inHand > 0;
    const totals = { counts: group.counts, days: group.days, oldestOpenOn: open ? oldestOpenOn(db, group.dimension, group.key) : null };
    if (group.dimension === 'all') {
      all.addTotals(totals);
      continue;
    }
    let key = group.key;
    if (group.dimension === 'month') months.add(key);
    // An opinion with no unit, or a unit no longer listed, counts under '' (尚未转办), as in the fold.
    if (group.dimension === 'unit') key = key === '' ? '' : (unitCode.get(Number(key)) ?? '');
    breakdowns[group.dimension].group(key).addTotals(totals);
  }
  return statisticsOf(all, breakdowns.month, breakdowns.category, breakdowns.role, breakdowns.unit, months, units, categories);
}

// ---------------------------------------------------------------------------------------------
// Ledger breakdowns (published items only)

interface LedgerCountRow {
  key: string;
  label: string;
  total: number;
  notStarted: number;
  inProgress: number;
  completed: number;
  ongoing: number;
  overdue: number;
}



function withCompletion(row: LedgerCountRow): LedgerRow {
  return { ...row, completionRate: row.total === 0 ? null : (row.completed + row.ongoing) / row.total };
}

/** Published ledger items by category and by responsible unit, and the outcomes they issued. */
export function ledgerStatistics(db: Db, today: string): Statistics['ledger'] {
  const byCategory = statement<[{ today: string }], LedgerCountRow>(
    db,
    `SELECT c.code AS key, c.label, ${LEDGER_COUNTS}
     FROM rectification_items i JOIN item_categories c ON c.code = i.category
     WHERE i.is_published = 1 GROUP BY c.code ORDER BY c.sort_order, c.code`,
  ).all({ today });
  const byUnit = statement<[{ today: string }], LedgerCountRow>(
    db,
    `SELECT coalesce(u.code, '') AS key, coalesce(u.name, '未明确责任单位') AS label, ${LEDGER_COUNTS}
     FROM rectification_items i LEFT JOIN units u ON u.id = i.responsible_unit_id
     WHERE i.is_published = 1 GROUP BY u.id ORDER BY u.kind, u.sort_order, u.code`,
  ).all({ today });
  const outcomes = statement<[], { n: number }>(
    db,
    'SELECT count(*) AS n FROM item_outcomes o JOIN rectification_items i ON i.id = o.item_id WHERE i.is_published = 1',
  ).get()!;
  return { byCategory: byCategory.map(withCompletion), byUnit: byUnit.map(withCompletion), outcomesIssued: outcomes.n };
}

/** The whole statistics block of the public snapshot. */
export function publicStatistics(db: Db, calendar: WorkCalendar, today: string): Statistics {
  return { ...feedbackStatistics(db, calendar, today), ledger: ledgerStatistics(db, today) };
}
