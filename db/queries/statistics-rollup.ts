// The rollup of the opinion figures (migration 017): counts and working-day histograms per group
// (overall, month, category, submitter role, unit), kept by triggers on feedback_facts. Working days
// are stored through work_day_ordinals, which this module fills from the work calendar: when the
// database is opened and on every change of the calendar, in the same transaction as a rebuild of
// the rollup, so stored working days always follow the calendar stored beside them.
import type { Db } from '../open.ts';
import { statement } from '../statements.ts';
import type { FiguresCounts } from '../../server/domain/feedback-figures.ts';
import type { WorkCalendar } from '../../server/domain/working-days.ts';

export type RollupDimension = 'all' | 'month' | 'category' | 'role' | 'unit';
export type RollupMeasure = 'accept' | 'assign' | 'reply' | 'total' | 'follow_up';

export interface RollupGroup {
  dimension: RollupDimension;
  /** The month, category, role, or unit id as text; '' for overall and for no month or unit. */
  key: string;
  counts: FiguresCounts;
  /** Working days per measure: days → opinions. */
  days: Map<RollupMeasure, { days: number; n: number }[]>;
}

const COUNT_COLUMNS = `received, accepted, not_accepted AS notAccepted, withdrawn, pending, in_hand AS inHand, replied,
  accept_decided AS acceptDecided, accept_on_time AS acceptOnTime, reply_on_time AS replyOnTime, reply_late AS replyLate,
  reply_extended AS replyExtended, rated, satisfied, basically_satisfied AS basicallySatisfied, dissatisfied, published,
  dissatisfied_ratings AS dissatisfiedRatings, follow_ups AS followUps, urges`;
const SUM_COLUMNS = `received, accepted, not_accepted, withdrawn, pending, in_hand, replied, accept_decided, accept_on_time,
  reply_on_time, reply_late, reply_extended, rated, satisfied, basically_satisfied, dissatisfied, published,
  dissatisfied_ratings, follow_ups, urges, accepted_extended, unmeasured`;

const DAY_MS = 86_400_000;

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The range the ordinals cover: from the first submission (or the start of last year) to the end of
 * the year after next, so that it moves only once a year and every event date falls inside it.
 */
function ordinalRange(db: Db, today: string): { first: string; last: string } {
  const year = Number(today.slice(0, 4));
  const floor = `${year - 1}-01-01`;
  const firstSubmitted = statement<[], string | null>(db, 'SELECT min(submitted_on) FROM feedback_facts').pluck().get() ?? null;
  return { first: firstSubmitted !== null && firstSubmitted < floor ? firstSubmitted : floor, last: `${year + 2}-12-31` };
}

/** Working-day ordinals over first..last: working days after `first` up to and including each date. */
function ordinalsOf(calendar: WorkCalendar, first: string, last: string): [string, number][] {
  const rows: [string, number][] = [];
  let ordinal = 0;
  for (let date = first; date <= last; date = addDays(date, 1)) {
    if (date !== first && calendar.isWorkingDay(date).working) ordinal += 1;
    rows.push([date, ordinal]);
  }
  return rows;
}

const SUMMED = SUM_COLUMNS.split(',').map((column) => column.trim());
const MEASURES: readonly RollupMeasure[] = ['accept', 'assign', 'reply', 'total', 'follow_up'];
/** Above any count of working days between two dates of the ordinals' range (a century is about 25,000). */
const DAY_SPAN = 1_000_000;

/**
 * Recomputes the whole rollup from feedback_facts and the stored ordinals: each opinion's
 * contribution is read once from the view the triggers use (feedback_rollup_measured) and added up
 * here per group, one pass instead of a GROUP BY per group and measure (a million opinions: seconds).
 */
export function rebuildFeedbackRollup(db: Db, only: 'all' | 'working days' = 'all'): void {
  // The counts do not depend on the calendar: after a change of the ordinals only the histograms
  // and `unmeasured` are worked out again (fewer columns read).
  const summedNow = only === 'all' ? SUMMED : ['unmeasured'];
  if (only === 'all') statement(db, 'DELETE FROM feedback_rollup').run();
  else statement(db, 'UPDATE feedback_rollup SET unmeasured = 0').run();
  statement(db, 'DELETE FROM feedback_rollup_days').run();
  // First by (month, category, role, unit), then those few thousand into the five kinds of group.
  // A histogram's key is a number (measure × DAY_SPAN + days): string keys per opinion cost more than the read.
  const tuples = new Map<string, { keys: string[]; sums: number[]; days: Map<number, number> }>();
  const rows = statement<[], (string | number | null)[]>(
    db,
    `SELECT month, category, role, unit, ${summedNow.join(', ')}, ${MEASURES.map((measure) => `${measure}_days`).join(', ')} FROM feedback_rollup_measured`,
  ).raw(true).iterate();
  for (const row of rows) {
    const tupleKey = `${row[0]}\u0000${row[1]}\u0000${row[2]}\u0000${row[3]}`;
    let tuple = tuples.get(tupleKey);
    if (!tuple) tuples.set(tupleKey, (tuple = { keys: [String(row[0]), String(row[1]), String(row[2]), String(row[3])], sums: summedNow.map(() => 0), days: new Map() }));
    for (let i = 0; i < summedNow.length; i++) tuple.sums[i]! += row[4 + i] as number;
    for (let i = 0; i < MEASURES.length; i++) {
      const days = row[4 + summedNow.length + i] as number | null;
      if (days === null) continue;
      const dayKey = i * DAY_SPAN + days;
      tuple.days.set(dayKey, (tuple.days.get(dayKey) ?? 0) + 1);
    }
  }
  const groups = new Map<string, { sums: number[]; days: Map<number, number> }>();
  const dimensions: [RollupDimension, (keys: string[]) => string][] = [
    ['all', () => ''], ['month', (keys) => keys[0]!], ['category', (keys) => keys[1]!], ['role', (keys) => keys[2]!], ['unit', (keys) => keys[3]!],
  ];
  for (const tuple of tuples.values()) {
    for (const [dimension, keyOf] of dimensions) {
      const groupKey = `${dimension}\u0000${keyOf(tuple.keys)}`;
      let group = groups.get(groupKey);
      if (!group) groups.set(groupKey, (group = { sums: summedNow.map(() => 0), days: new Map() }));
      for (let i = 0; i < summedNow.length; i++) group.sums[i]! += tuple.sums[i]!;
      for (const [dayKey, n] of tuple.days) group.days.set(dayKey, (group.days.get(dayKey) ?? 0) + n);
    }
  }
  if (only === 'all') {
    const insertGroup = statement(db, `INSERT INTO feedback_rollup (dimension, key, ${SUMMED.join(', ')}) VALUES (${['?', '?', ...SUMMED.map(() => '?')].join(', ')})`);
    for (const [groupKey, { sums }] of groups) insertGroup.run(...groupKey.split('\u0000'), ...sums);
  } else {
    // Every group an opinion counts in has its row already (the triggers keep the counts).
    const setUnmeasured = statement(db, 'UPDATE feedback_rollup SET unmeasured = ? WHERE dimension = ? AND key = ?');
    for (const [groupKey, { sums: [unmeasured] }] of groups) if (unmeasured) setUnmeasured.run(unmeasured, ...groupKey.split('\u0000'));
  }
  const insertDays = statement(db, 'INSERT INTO feedback_rollup_days (dimension, key, measure, days, n) VALUES (?, ?, ?, ?, ?)');
  for (const [groupKey, { days }] of groups) {
    const [dimension, key] = groupKey.split('\u0000');
    for (const [dayKey, n] of days) insertDays.run(dimension, key, MEASURES[Math.floor(dayKey / DAY_SPAN)], dayKey % DAY_SPAN, n);
  }
}

/**
 * Makes the stored ordinals those of `calendar` (over the range `today` asks for) and, if they
 * changed, rebuilds the rollup, in one transaction. Called when the database is opened and by every
 * change of the calendar. Returns whether anything changed.
 */
export function refreshWorkDayOrdinals(db: Db, calendar: WorkCalendar, today: string): boolean {
  return db.transaction(() => {
    const { first, last } = ordinalRange(db, today);
    const wanted = ordinalsOf(calendar, first, last);
    const stored = statement<[], [string, number]>(db, 'SELECT date, ordinal FROM work_day_ordinals ORDER BY date').raw(true).all();
    if (stored.length === wanted.length && stored.every(([date, ordinal], i) => date === wanted[i]![0] && ordinal === wanted[i]![1])) return false;
    statement(db, 'DELETE FROM work_day_ordinals').run();
    const insert = statement(db, 'INSERT INTO work_day_ordinals (date, ordinal) VALUES (?, ?)');
    for (const [date, ordinal] of wanted) insert.run(date, ordinal);
    // The first fill (after migration 017) adds everything up; later ones only the working days.
    rebuildFeedbackRollup(db, stored.length === 0 ? 'all' : 'working days');
    return true;
  })();
}

/**
 * Whether the rollup can stand for the figures counted with `calendar`: ordinals are stored, they
 * follow `calendar` day by day, and no opinion has a date outside them.
 */
export function rollupFollows(db: Db, calendar: WorkCalendar): boolean {
  const ordinals = statement<[], [string, number]>(db, 'SELECT date, ordinal FROM work_day_ordinals ORDER BY date').raw(true).all();
  if (ordinals.length === 0) return false;
  for (let i = 1; i < ordinals.length; i++) {
    const [date, ordinal] = ordinals[i]!;
    if (ordinal - ordinals[i - 1]![1] !== (calendar.isWorkingDay(date).working ? 1 : 0)) return false;
  }
  const unmeasured = statement<[], number | null>(db, "SELECT unmeasured FROM feedback_rollup WHERE dimension = 'all' AND key = ''").pluck().get();
  return (unmeasured ?? 0) === 0;
}

/** The rollup's groups with at least one opinion, with their day histograms. */
export function rollupGroups(db: Db): RollupGroup[] {
  const groups = statement<[], { dimension: RollupDimension; key: string } & FiguresCounts>(
    db,
    `SELECT dimension, key, ${COUNT_COLUMNS} FROM feedback_rollup WHERE received > 0`,
  ).all();
  const byKey = new Map<string, RollupGroup>();
  const result = groups.map(({ dimension, key, ...counts }) => {
    const group: RollupGroup = { dimension, key, counts, days: new Map() };
    byKey.set(`${dimension}\u0000${key}`, group);
    return group;
  });
  const days = statement<[], [RollupDimension, string, RollupMeasure, number, number]>(
    db,
    'SELECT dimension, key, measure, days, n FROM feedback_rollup_days WHERE n > 0',
  ).raw(true).all();
  for (const [dimension, key, measure, value, n] of days) {
    const group = byKey.get(`${dimension}\u0000${key}`);
    if (!group) continue;
    let list = group.days.get(measure);
    if (!list) group.days.set(measure, (list = []));
    list.push({ days: value, n });
  }
  return result;
}

const OPEN = "status IN ('pending', 'accepted', 'assigned', 'in_review')";
/** The oldest open opinion of a group: the first entry of a partial index (migration 017). */
const OLDEST_OPEN_SQL: Record<RollupDimension, { some: string; none?: string }> = {
  all: { some: `SELECT min(submitted_on) FROM feedback_facts WHERE ${OPEN}` },
  month: { some: `SELECT min(submitted_on) FROM feedback_facts WHERE month = ? AND ${OPEN}`, none: `SELECT min(submitted_on) FROM feedback_facts WHERE month IS NULL AND ${OPEN}` },
  category: { some: `SELECT min(submitted_on) FROM feedback_facts WHERE category = ? AND ${OPEN}` },
  role: { some: `SELECT min(submitted_on) FROM feedback_facts WHERE role = ? AND ${OPEN}` },
  unit: { some: `SELECT min(submitted_on) FROM feedback_facts WHERE unit_id = ? AND ${OPEN}`, none: `SELECT min(submitted_on) FROM feedback_facts WHERE unit_id IS NULL AND ${OPEN}` },
};

/** The bureau date the oldest unanswered opinion of a group was submitted on, or null. */
export function oldestOpenOn(db: Db, dimension: RollupDimension, key: string): string | null {
  const sql = OLDEST_OPEN_SQL[dimension];
  if (dimension === 'all') return statement<[], string | null>(db, sql.some).pluck().get() ?? null;
  if (key === '' && sql.none) return statement<[], string | null>(db, sql.none).pluck().get() ?? null;
  const value = dimension === 'unit' ? Number(key) : key;
  return statement<[string | number], string | null>(db, sql.some).pluck().get(value) ?? null;
}

/** The rollup as stored, zero rows left out, in a fixed order (for the consistency tests). */
export function storedRollup(db: Db): { groups: unknown[]; days: unknown[] } {
  return {
    groups: statement(db, `SELECT dimension, key, ${SUM_COLUMNS} FROM feedback_rollup WHERE received <> 0 OR unmeasured <> 0 ORDER BY dimension, key`).all(),
    days: statement(db, 'SELECT dimension, key, measure, days, n FROM feedback_rollup_days WHERE n <> 0 ORDER BY dimension, key, measure, days').all(),
  };
}

/** The rollup worked out afresh from feedback_facts and the stored ordinals, in the same shape. */
export function rollupFromFacts(db: Db): { groups: unknown[]; days: unknown[] } {
  return {
    groups: statement(
      db,
      `SELECT dimension, key, ${SUM_COLUMNS.split(',').map((column) => `sum(${column.trim()}) AS ${column.trim()}`).join(', ')}
       FROM feedback_rollup_source GROUP BY dimension, key ORDER BY dimension, key`,
    ).all(),
    days: statement(
      db,
      `SELECT dimension, key, measure, days, count(*) AS n FROM feedback_rollup_days_source
       GROUP BY dimension, key, measure, days ORDER BY dimension, key, measure, days`,
    ).all(),
  };
}

/** Rows of the rollup that hold nothing but zeros (a group all of whose opinions moved away). */
export function emptyRollupRowsHoldZeros(db: Db): boolean {
  const nonZero = statement<[], number>(
    db,
    `SELECT count(*) FROM feedback_rollup WHERE received = 0 AND (${SUM_COLUMNS.split(',').map((column) => `${column.trim()} <> 0`).join(' OR ')})`,
  ).pluck().get()!;
  return nonZero === 0;
}

/**
 * The home page's headline counts from the overall group, or null while the rollup has never been
 * built (no ordinals stored yet). Counts need no calendar, so any built rollup serves them.
 */
export function rollupHeadline(db: Db): { received: number; accepted: number; replied: number; onTime: number; extended: number } | null {
  if (statement<[], number>(db, 'SELECT EXISTS (SELECT 1 FROM work_day_ordinals)').pluck().get() === 0) return null;
  return statement<[], { received: number; accepted: number; replied: number; onTime: number; extended: number }>(
    db,
    `SELECT coalesce(sum(received), 0) AS received, coalesce(sum(accepted), 0) AS accepted, coalesce(sum(replied), 0) AS replied,
       coalesce(sum(reply_on_time), 0) AS onTime, coalesce(sum(accepted_extended), 0) AS extended
     FROM feedback_rollup WHERE dimension = 'all'`,
  ).get()!;
}
