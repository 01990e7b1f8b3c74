// Statistics benchmark (npm run bench, or alone: npm run bench:stats): 1,000,000 opinions with
// their events in a temporary SQLite file, then every statistics query of issue 14 and the whole
// statistics snapshot, each printed beside bare baselines measured in the same run (a plain
// count(*) and an indexed lookup). Prints figures; not a timed test.
// BENCH_OPINIONS=<n> sets another size (say 100000 for a quick look).
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadCalendarTable } from '../../db/queries/calendar.ts';
import { feedbackStats, feedbackStatistics, ledgerStatistics, opinionFacts, publicStatistics, rectificationStats } from '../../db/queries/statistics.ts';
import { lastFinishedSiteBuild, recentSiteBuilds } from '../../db/queries/site-builds.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { scorecardRows } from '../../server/statistics-export.ts';
import { createWorkCalendar } from '../../server/domain/working-days.ts';

const OPINIONS = Number(process.env.BENCH_OPINIONS ?? 1_000_000);
const BATCH = 20_000;
const MONTHS = 24;
const NOW = new Date('2026-11-26T04:00:00.000Z');
const TODAY = '2026-11-26';
const DAY = 86_400_000;
const HOUR = 3_600_000;

/** A small deterministic generator (mulberry32): the same data every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rand: () => number, weighted: readonly (readonly [T, number])[]): T {
  let r = rand() * weighted.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [value, weight] of weighted) {
    r -= weight;
    if (r < 0) return value;
  }
  return weighted.at(-1)![0];
}

const ROLES = [['parent', 55], ['student', 15], ['teacher', 20], ['other', 10]] as const;
const CATEGORIES = [['burden', 22], ['teaching', 18], ['fees', 12], ['work_style', 10], ['enrollment', 12], ['safety', 8], ['service', 10], ['other', 8]] as const;
const RATINGS = [['satisfied', 60], ['basically_satisfied', 28], ['dissatisfied', 12]] as const;
/** Final states: most answered, the newest still in hand. */
const STATES = [['replied', 84], ['assigned', 6], ['in_review', 2], ['pending', 3], ['rejected', 4], ['withdrawn', 1]] as const;

const iso = (ms: number) => new Date(ms).toISOString();
/** Bureau date (UTC+8) of an instant, plus whole days. */
const dateOf = (ms: number, plusDays = 0) => new Date(ms + 8 * HOUR + plusDays * DAY).toISOString().slice(0, 10);

function seedUnits(db: Db): number[] {
  const insert = db.prepare("INSERT INTO units (code, name, kind, sort_order, created_at) VALUES (?, ?, ?, ?, '2024-01-01T00:00:00.000Z')");
  const departments = ['办公室', '人事科', '基础教育科', '计划财务科', '督导室', '安全科', '招生办', '职成教科'];
  const ids: number[] = [];
  departments.forEach((name, index) => ids.push(Number(insert.run(`D${index}`, name, 'department', index).lastInsertRowid)));
  for (let index = 0; index < 40; index++) ids.push(Number(insert.run(`S${index}`, `示例县第${index + 1}学校`, 'school', index).lastInsertRowid));
  return ids;
}

function seedStaff(db: Db): number {
  return Number(db.prepare("INSERT INTO users (username, display_name, password_hash, created_at, updated_at) VALUES ('bench', '办公室', 'x', 't', 't')").run().lastInsertRowid);
}

/** Inserts the opinions and their events, one transaction per batch; returns the event count. */
function seedOpinions(db: Db, unitIds: readonly number[], staff: number): number {
  const rand = random(20261126);
  const insertFeedback = db.prepare(`INSERT INTO feedback (id, tracking_code, secret_hash, role, category, content, is_anonymous, consent_to_publish,
      status, accept_due_on, reply_due_on, reject_reason, assigned_unit_id, reply_draft, reply_text, reply_unit_id, extension_days, extension_reason,
      extended_when_overdue, urge_count, publication, public_content, public_reply, rating, rated_at, followup_status,
      submitted_at, accepted_at, assigned_at, replied_at, published_at, closed_at, updated_at)
    VALUES (@id, @code, 'h', @role, @category, '周末补课问题反映，请核实处理。', 1, @consent,
      @status, @acceptDue, @replyDue, @rejectReason, @unit, @draft, @reply, @replyUnit, @extension, @extensionReason,
      @extendedWhenOverdue, @urges, @publication, @publicContent, @publicReply, @rating, @ratedAt, @followup,
      @submittedAt, @acceptedAt, @assignedAt, @repliedAt, @publishedAt, @closedAt, @updatedAt)`);
  const insertEvent = db.prepare(
    "INSERT INTO feedback_events (feedback_id, action, actor_kind, actor_user_id, from_status, to_status, unit_id, note, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const span = MONTHS * 30 * DAY;
  let events = 0;
  const batch = db.transaction((first: number, last: number) => {
    for (let id = first; id <= last; id++) {
      // More opinions in recent months (×2 over the span), none at night.
      const submitted = NOW.getTime() - span * Math.sqrt(rand()) - (rand() * 10 + 1) * HOUR;
      let t = submitted;
      // A history takes up to ~55 days; a recent opinion's is squeezed into the time it has had.
      const scale = Math.min(1, (NOW.getTime() - submitted) / (60 * DAY));
      const advance = (ms: number) => void (t += ms * scale);
      const state = submitted > NOW.getTime() - 10 * DAY ? pick(rand, [['pending', 20], ['assigned', 50], ['in_review', 10], ['replied', 20]] as const) : pick(rand, STATES);
      const row = {
        id, code: `FK${dateOf(submitted).replaceAll('-', '')}-${id.toString(36).toUpperCase()}`, role: pick(rand, ROLES), category: pick(rand, CATEGORIES),
        consent: rand() < 0.6 ? 1 : 0, status: state as string, acceptDue: dateOf(submitted, 1), replyDue: null as string | null, rejectReason: null as string | null,
        unit: null as number | null, draft: null as string | null, reply: null as string | null, replyUnit: null as number | null,
        extension: null as number | null, extensionReason: null as string | null, extendedWhenOverdue: 0, urges: 0, publication: 'undecided',
        publicContent: null as string | null, publicReply: null as string | null, rating: null as string | null, ratedAt: null as string | null,
        followup: null as string | null, submittedAt: iso(submitted), acceptedAt: null as string | null, assignedAt: null as string | null,
        repliedAt: null as string | null, publishedAt: null as string | null, closedAt: null as string | null, updatedAt: iso(submitted),
      };
      // Inserted after the opinion (foreign key), in the order they happened.
      const pending: unknown[][] = [];
      const event = (action: string, from: string | null, to: string, note: string | null = null, unit: number | null = null, actor: 'user' | 'public' = 'user') => {
        pending.push([id, action, actor, actor === 'user' ? staff : null, from, to, unit, note, iso(t)]);
        row.updatedAt = iso(t);
      };
      event('submit', null, 'pending', null, null, 'public');
      if (state === 'withdrawn') {
        advance(rand() * 2 * DAY);
        event('withdraw', 'pending', 'withdrawn', null, null, 'public');
        row.closedAt = iso(t);
      } else if (state !== 'pending') {
        advance((0.1 + rand() * (rand() < 0.1 ? 3 : 1)) * DAY);
        if (state === 'rejected') {
          event('reject', 'pending', 'rejected', '不属于受理范围');
          row.rejectReason = 'out_of_scope';
          row.closedAt = iso(t);
        } else {
          event('accept', 'pending', 'accepted');
          row.acceptedAt = iso(t);
          row.replyDue = dateOf(t, 7);
          advance(rand() * 2 * DAY);
          let unit = unitIds[Math.floor(rand() * rand() * unitIds.length)]!;
          event('assign', 'accepted', 'assigned', null, unit);
          row.assignedAt = iso(t);
          if (rand() < 0.05) {
            advance(rand() * DAY);
            unit = unitIds[Math.floor(rand() * unitIds.length)]!;
            event('reassign', 'assigned', 'assigned', null, unit);
          }
          row.unit = unit;
          const handling = (rand() < 0.15 ? 6 + rand() * 20 : 1 + rand() * 6) * DAY;
          if (rand() < 0.1) {
            advance(handling / 2);
            event('urge', 'assigned', 'assigned', '请加快办理');
            row.urges++;
          }
          if (rand() < 0.05) {
            advance(handling / 3);
            row.extendedWhenOverdue = dateOf(t) > row.replyDue ? 1 : 0;
            row.extension = 5;
            row.extensionReason = '需现场核查';
            row.replyDue = dateOf(t, 7);
            event('extend', 'assigned', 'assigned', '需现场核查');
          }
          if (state !== 'assigned') {
            advance(handling / 2);
            event('draft_reply', 'assigned', 'in_review');
            row.draft = '经核查，情况已处理。';
            if (state === 'replied') {
              if (rand() < 0.08) {
                advance(rand() * DAY);
                event('return_reply', 'in_review', 'assigned', '请补充整改措施');
                advance(rand() * 2 * DAY);
                event('draft_reply', 'assigned', 'in_review');
              }
              advance(rand() * DAY);
              event('approve_reply', 'in_review', 'replied');
              row.status = 'replied';
              row.reply = '经核查，情况已处理，感谢监督。';
              row.replyUnit = unit;
              row.repliedAt = iso(t);
              row.draft = null;
              row.closedAt = iso(t);
              if (row.consent === 1 && rand() < 0.4) {
                advance(rand() * 3 * DAY);
                event('publish', 'replied', 'replied');
                row.publication = 'published';
                row.publicContent = '周末补课问题反映，请核实处理。';
                row.publicReply = row.reply;
                row.publishedAt = iso(t);
              }
              if (rand() < 0.5) {
                advance(rand() * 5 * DAY);
                const rating = pick(rand, RATINGS);
                event('rate', 'replied', 'replied', rating, null, 'public');
                row.rating = rating;
                row.ratedAt = iso(t);
                if (rating === 'dissatisfied') {
                  advance((1 + rand() * 5) * DAY);
                  if (rand() < 0.3) {
                    // 重新办理: back in hand, to be answered again.
                    event('follow_up_reopened', 'replied', 'assigned', '重新核查');
                    row.status = 'assigned';
                    row.followup = 'reopened';
                    row.replyDue = dateOf(t, 7);
                    row.closedAt = null;
                    row.publication = 'undecided';
                    row.publicContent = null;
                    row.publicReply = null;
                    row.publishedAt = null;
                  } else {
                    event('follow_up_explained', 'replied', 'replied', '已电话解释说明');
                    row.followup = 'explained';
                  }
                } else if (rand() < 0.05) {
                  row.followup = null;
                }
              }
            }
          }
        }
      }
      // The newest cannot lie in the future.
      if (t > NOW.getTime()) throw new Error(`opinion ${id} has an event after now`);
      insertFeedback.run(row);
      for (const values of pending) insertEvent.run(...values);
      events += pending.length;
    }
  });
  for (let first = 1; first <= OPINIONS; first += BATCH) batch(first, Math.min(first + BATCH - 1, OPINIONS));
  return events;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median wall time of `runs` calls, in ms. */
function time(runs: number, work: () => unknown): number {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return median(times);
}

const dir = mkdtempSync(join(tmpdir(), 'portal-bench-stats-'));
try {
  // BENCH_STATS_DB=<file> keeps the generated database there and reuses it on the next run.
  const file = process.env.BENCH_STATS_DB ?? join(dir, 'stats.db');
  const reuse = existsSync(file);
  const db = openDatabase(file);
  console.log(`Statistics: ${OPINIONS.toLocaleString('en')} opinions over ${MONTHS} months; Node ${process.version}`);
  const started = performance.now();
  if (reuse) console.log(`reusing ${file}: ${db.prepare('SELECT count(*) FROM feedback').pluck().get()} opinions`);
  else {
  // The file is thrown away afterwards: no need to wait for the disk while generating it.
  db.pragma('synchronous = OFF');
  const units = seedUnits(db);
  const events = seedOpinions(db, units, seedStaff(db));
  db.pragma('synchronous = FULL');
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `generated ${OPINIONS.toLocaleString('en')} opinions and ${events.toLocaleString('en')} events in ${seconds.toFixed(1)} s ` +
      `(${Math.round((OPINIONS + events) / seconds).toLocaleString('en')} rows/s), file ${(statSync(file).size / 1024 / 1024).toFixed(0)} MB`,
  );
  }
  db.exec('ANALYZE');
  db.pragma('wal_checkpoint(TRUNCATE)');

  const calendar = createWorkCalendar(loadCalendarTable(db));
  const lastMonth = { from: '2026-10-01', to: '2026-10-31' };
  const lastYear = { from: '2025-11-26', to: '2026-11-25' };
  const codes = db.prepare<[], string>('SELECT tracking_code FROM feedback WHERE id % 1000 = 0').pluck().all();
  const lookup = db.prepare('SELECT id, status FROM feedback WHERE tracking_code = ?');
  const baselineCount = time(5, () => db.prepare('SELECT count(*) FROM feedback').pluck().get());
  const baselineLookup = time(5, () => {
    for (const code of codes) lookup.get(code);
  }) / codes.length;
  const baselineScan = time(3, () => db.prepare('SELECT count(*) FROM feedback_events WHERE action = ?').pluck().get('urge'));

  const rows: [string, number][] = [
    ['feedbackStats (home page headline)', time(3, () => feedbackStats(db))],
    ['rectificationStats (ledger headline)', time(3, () => rectificationStats(db, TODAY))],
    ['opinionFacts (all opinions, one row each)', time(3, () => opinionFacts(db))],
    ['feedbackStatistics (all: overall, month, category, role, unit)', time(3, () => feedbackStatistics(db, calendar, TODAY))],
    ['scorecardRows for one month (admin export)', time(3, () => scorecardRows(db, calendar, TODAY, lastMonth))],
    ['scorecardRows for one year (admin export)', time(3, () => scorecardRows(db, calendar, TODAY, lastYear))],
    ['ledgerStatistics', time(3, () => ledgerStatistics(db, TODAY))],
    ['recentSiteBuilds + lastFinishedSiteBuild', time(3, () => [recentSiteBuilds(db, 20), lastFinishedSiteBuild(db)])],
    ['publicStatistics (the whole statistics snapshot)', time(3, () => publicStatistics(db, calendar, TODAY))],
  ];
  const line = (name: string, ms: number, ratio?: string) => console.log(`${name.padEnd(64)} ${ms.toFixed(ms < 10 ? 3 : 0).padStart(9)} ms${ratio ? `  ${ratio}` : ''}`);
  line('baseline: SELECT count(*) FROM feedback', baselineCount);
  line('baseline: one lookup by tracking code (index)', baselineLookup);
  line('baseline: count of one action over all events (full scan)', baselineScan);
  for (const [name, ms] of rows) line(name, ms, `×${(ms / baselineCount).toFixed(0)} count(*), ×${(ms / baselineScan).toFixed(1)} event scan`);
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
