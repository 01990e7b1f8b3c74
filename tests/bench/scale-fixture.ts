// The scale fixture of the benchmarks (`npm run bench -- --scale N`, tests/bench/statistics.ts,
// tests/bench/staff-screens.ts): N opinions over 24 months with their events, and audit entries,
// written by bulk SQL in batches (documented, deterministic) rather than through the actions: at
// a million opinions the actions' own checks, mails and proof of work would take hours. The rows
// are what the actions leave (states, deadlines, events in order, the triggers of migration 011
// keep the counters and the search index); tests/api/upgrade.test.ts and the action tests cover
// the actions writing the same columns.
import type { Db } from '../../db/open.ts';
import { mulberry32 } from '../../scripts/demo/demo-feedback-plan.ts';

const BATCH = 20_000;
export const MONTHS = 24;
/** What the opinions are about, a few words each, so that a search matches a realistic share. */
const TOPICS = [
  ['周末补课问题反映', 12], ['食堂饭菜价格偏高', 8], ['校服收费不透明', 6], ['作业量过大', 12], ['课后服务时间安排', 8], ['校车接送安全隐患', 4],
  ['招生划片不合理', 6], ['教师有偿家教', 3], ['办事窗口态度生硬', 3], ['学校厕所卫生差', 5], ['体育课被占用', 5], ['资料费摊派', 3],
  ['午休条件差', 4], ['学位申请材料繁琐', 4], ['校门口交通拥堵', 4], ['食堂卫生问题', 3], ['晚自习时间过长', 4], ['家长群布置作业', 4],
  ['奖学金评定不公开', 1], ['宿舍热水供应不足', 1],
] as const;

export const NOW = new Date('2026-11-26T04:00:00.000Z');
export const TODAY = '2026-11-26';
const DAY = 86_400_000;
const HOUR = 3_600_000;

/** A small deterministic generator (mulberry32, the demo's): the same data every run. */
export const random = mulberry32;

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

export function seedUnits(db: Db): number[] {
  const insert = db.prepare("INSERT INTO units (code, name, kind, sort_order, created_at) VALUES (?, ?, ?, ?, '2024-01-01T00:00:00.000Z')");
  const departments = ['办公室', '人事科', '基础教育科', '计划财务科', '督导室', '安全科', '招生办', '职成教科'];
  const ids: number[] = [];
  departments.forEach((name, index) => ids.push(Number(insert.run(`D${index}`, name, 'department', index).lastInsertRowid)));
  for (let index = 0; index < 40; index++) ids.push(Number(insert.run(`S${index}`, `示例县第${index + 1}学校`, 'school', index).lastInsertRowid));
  return ids;
}

export function seedStaff(db: Db): number {
  return Number(db.prepare("INSERT INTO users (username, display_name, password_hash, created_at, updated_at) VALUES ('bench', '办公室', 'x', 't', 't')").run().lastInsertRowid);
}

/** Inserts the opinions and their events, one transaction per batch; returns the event count. */
export function seedFeedback(db: Db, unitIds: readonly number[], staff: number, OPINIONS: number): number {
  const rand = random(20261126);
  const insertFeedback = db.prepare(`INSERT INTO feedback (id, tracking_code, secret_hash, role, category, content, is_anonymous, consent_to_publish,
      status, accept_due_on, reply_due_on, reject_reason, assigned_unit_id, reply_draft, reply_text, reply_unit_id, extension_days, extension_reason,
      extended_when_overdue, urge_count, publication, public_content, public_reply, rating, rated_at, followup_status,
      submitted_at, accepted_at, assigned_at, replied_at, published_at, closed_at, updated_at)
    VALUES (@id, @code, 'h', @role, @category, @content, 1, @consent,
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
        content: `${pick(rand, TOPICS)}（示例县第${1 + Math.floor(rand() * 40)}学校）请核实处理。`,
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

/** `--scale N` on the command line (npm run bench -- --scale 100000), else the default. */
export function scaleOf(argv: readonly string[], fallback: number): number {
  const at = argv.indexOf('--scale');
  if (at === -1) return fallback;
  const value = Number(argv[at + 1]?.replaceAll(',', '').replaceAll('_', ''));
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`--scale wants a whole number of opinions, got ${argv[at + 1]}`);
  return value;
}

/** `count` audit entries over the same 24 months, as the actions write them (logins, steps, views). */
export function seedAudit(db: Db, count: number, staff: number): void {
  const rand = random(20261205);
  const insert = db.prepare(
    "INSERT INTO audit_log (actor_kind, actor_user_id, object_type, object_id, action, reason, details, at) VALUES ('user', ?, ?, ?, ?, NULL, NULL, ?)",
  );
  const actions = [['feedback.accept', 20], ['feedback.assign', 20], ['feedback.approve_reply', 18], ['login.success', 15], ['contact.view', 5],
    ['feedback.publish', 8], ['login.failed', 2], ['ledger.update', 8], ['user.update', 1], ['settings.calendar', 1]] as const;
  const span = MONTHS * 30 * DAY;
  const start = NOW.getTime() - span;
  const batch = db.transaction((first: number, last: number) => {
    for (let n = first; n <= last; n++) {
      const action = pick(rand, actions);
      const objectType = action.split('.')[0] === 'login' ? 'session' : action.split('.')[0]!;
      insert.run(staff, objectType, Math.floor(rand() * 1_000_000), action, iso(start + (span * n) / count));
    }
  });
  for (let first = 1; first <= count; first += BATCH) batch(first, Math.min(first + BATCH - 1, count));
}
