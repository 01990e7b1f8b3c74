// Seeds the demo bureau: its units, its rectification ledger and a few hundred synthetic public
// opinions that have gone through the feedback workflow, each with its events. The opinions come
// from a seeded PRNG so the same `now` and `seed` always give the same rows (only the secret hashes
// differ: they are hashes of fresh random secrets that nobody needs).
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../open.ts';
import type { FeedbackCategory, FeedbackState, Rating, SubmitterRole } from '../../server/domain/vocabulary.ts';
import { newTrackingCode } from '../../server/domain/tracking-code.ts';
import { RATING_LABELS } from '../../server/domain/vocabulary.ts';
import {
  ACCEPT_NOTES,
  AMOUNTS,
  DEFAULT_SCHOOL_LEVELS,
  DEMO_ITEMS,
  DEMO_LEDGER_CREATED_AT,
  DEMO_UNITS,
  FEEDBACK_TEMPLATES,
  GIVEN_NAMES,
  MINOR_COURSES,
  PRIVATE_PLACEHOLDERS,
  PUBLISH_NOTES,
  RATING_COMMENTS,
  REJECT_REASONS,
  SUBJECTS,
  SURNAMES,
  type DemoUnit,
  type FeedbackTemplate,
} from './demo-bureau.ts';

export const DEFAULT_DEMO_SEED = 20261126;
export const DEFAULT_DEMO_FEEDBACK_COUNT = 320;
/** Opinions are spread over this many days before `now`. */
export const DEMO_FEEDBACK_SPAN_DAYS = 240;

export interface SeedDemoOptions {
  /** The moment the demo is seeded "as of"; opinions lie before it. Default: the current time. */
  now?: Date;
  seed?: number;
  feedbackCount?: number;
}

export interface SeedDemoResult {
  units: number;
  items: number;
  updates: number;
  feedback: number;
  events: number;
}

/** True when the database holds no units, no rectification items and no feedback. */
export function isDatabaseEmpty(db: Db): boolean {
  const row = db
    .prepare<[], { total: number }>(
      'SELECT (SELECT count(*) FROM units) + (SELECT count(*) FROM rectification_items) + (SELECT count(*) FROM feedback) AS total',
    )
    .get();
  return row?.total === 0;
}

/**
 * Inserts the demo bureau into an empty, migrated database in one transaction.
 * Throws when the database already has units, so demo data never mixes with real data.
 */
export function seedDemoBureau(db: Db, options: SeedDemoOptions = {}): SeedDemoResult {
  const now = options.now ?? new Date();
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const feedbackCount = options.feedbackCount ?? DEFAULT_DEMO_FEEDBACK_COUNT;
  if (Number.isNaN(now.getTime())) throw new Error('seedDemoBureau: options.now is not a valid date');
  if (!Number.isInteger(feedbackCount) || feedbackCount < 0) {
    throw new Error(`seedDemoBureau: feedbackCount must be a non-negative integer, got ${feedbackCount}`);
  }

  const plannedFeedback = planDemoFeedback(now, seed, feedbackCount);

  const countUnits = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM units');
  const insertUnit = db.prepare<[{ code: string; name: string; kind: string; sort_order: number; created_at: string }]>(
    'INSERT INTO units (code, name, kind, sort_order, created_at) VALUES (@code, @name, @kind, @sort_order, @created_at)',
  );
  const insertItem = db.prepare<[ItemRow]>(
    `INSERT INTO rectification_items
       (code, title, problem, category, source, responsible_unit_id, responsible_leader, measures, deadline,
        status, progress, outcomes, sort_order, created_at, updated_at)
     VALUES
       (@code, @title, @problem, @category, @source, @responsible_unit_id, @responsible_leader, @measures, @deadline,
        @status, @progress, @outcomes, @sort_order, @created_at, @updated_at)`,
  );
  const insertUpdate = db.prepare<[{ item_id: number; happened_on: string; content: string; progress: number | null; created_at: string }]>(
    'INSERT INTO item_updates (item_id, happened_on, content, progress, created_at) VALUES (@item_id, @happened_on, @content, @progress, @created_at)',
  );
  const insertFeedback = db.prepare<[FeedbackRow]>(
    `INSERT INTO feedback
       (tracking_code, secret_hash, role, category, content, item_id, unit_id, is_anonymous, contact_name, contact_phone,
        contact_email, consent_to_publish, status, assigned_unit_id, reply_text, public_content, public_reply, rating,
        rating_comment, internal_note, ip_hash, submitted_at, accepted_at, replied_at, published_at, rated_at, updated_at)
     VALUES
       (@tracking_code, @secret_hash, @role, @category, @content, @item_id, @unit_id, @is_anonymous, @contact_name, @contact_phone,
        @contact_email, @consent_to_publish, @status, @assigned_unit_id, @reply_text, @public_content, @public_reply, @rating,
        @rating_comment, @internal_note, NULL, @submitted_at, @accepted_at, @replied_at, @published_at, @rated_at, @updated_at)`,
  );
  const insertEvent = db.prepare<[{ feedback_id: number; actor_kind: string; from_status: string | null; to_status: string; note: string | null; at: string }]>(
    'INSERT INTO feedback_events (feedback_id, actor_kind, from_status, to_status, note, at) VALUES (@feedback_id, @actor_kind, @from_status, @to_status, @note, @at)',
  );

  return db.transaction((): SeedDemoResult => {
    if ((countUnits.get()?.n ?? 0) > 0) {
      throw new Error('The database already has units; demo data is only seeded into an empty database (check isDatabaseEmpty first)');
    }

    const unitIds = new Map<string, number>();
    DEMO_UNITS.forEach((unit, index) => {
      const info = insertUnit.run({ code: unit.code, name: unit.name, kind: unit.kind, sort_order: index + 1, created_at: DEMO_LEDGER_CREATED_AT });
      unitIds.set(unit.code, Number(info.lastInsertRowid));
    });
    const unitId = (code: string | null): number | null => {
      if (code === null) return null;
      const id = unitIds.get(code);
      if (id === undefined) throw new Error(`Demo data refers to unknown unit code ${code}`);
      return id;
    };

    const itemIds = new Map<string, number>();
    let updates = 0;
    DEMO_ITEMS.forEach((item, index) => {
      const createdAt = `${item.createdOn}T01:00:00.000Z`;
      const lastUpdate = item.updates.at(-1);
      const info = insertItem.run({
        code: item.code,
        title: item.title,
        problem: item.problem,
        category: item.category,
        source: item.source,
        responsible_unit_id: unitId(item.unitCode),
        responsible_leader: item.leader,
        measures: item.measures,
        deadline: item.deadline,
        status: item.status,
        progress: item.progress,
        outcomes: item.outcomes,
        sort_order: index + 1,
        created_at: createdAt,
        updated_at: lastUpdate ? updateCreatedAt(lastUpdate.date) : createdAt,
      });
      const itemId = Number(info.lastInsertRowid);
      itemIds.set(item.code, itemId);
      for (const update of item.updates) {
        insertUpdate.run({ item_id: itemId, happened_on: update.date, content: update.content, progress: update.progress, created_at: updateCreatedAt(update.date) });
        updates += 1;
      }
    });

    let events = 0;
    for (const planned of plannedFeedback) {
      const itemId = planned.itemCode === null ? null : itemIds.get(planned.itemCode);
      if (itemId === undefined) throw new Error(`Demo feedback refers to unknown item code ${planned.itemCode}`);
      const info = insertFeedback.run({
        tracking_code: planned.trackingCode,
        secret_hash: createHash('sha256').update(randomBytes(24).toString('base64url')).digest('hex'),
        role: planned.role,
        category: planned.category,
        content: planned.content,
        item_id: itemId,
        unit_id: unitId(planned.unitCode),
        is_anonymous: planned.isAnonymous ? 1 : 0,
        contact_name: planned.contactName,
        contact_phone: planned.contactPhone,
        contact_email: planned.contactEmail,
        consent_to_publish: planned.consentToPublish ? 1 : 0,
        status: planned.status,
        assigned_unit_id: unitId(planned.assignedUnitCode),
        reply_text: planned.replyText,
        public_content: planned.publicContent,
        public_reply: planned.publicReply,
        rating: planned.rating,
        rating_comment: planned.ratingComment,
        internal_note: planned.internalNote,
        submitted_at: iso(planned.submittedAt),
        accepted_at: isoOrNull(planned.acceptedAt),
        replied_at: isoOrNull(planned.repliedAt),
        published_at: isoOrNull(planned.publishedAt),
        rated_at: isoOrNull(planned.ratedAt),
        updated_at: iso(planned.updatedAt),
      });
      const feedbackId = Number(info.lastInsertRowid);
      for (const event of planned.events) {
        insertEvent.run({ feedback_id: feedbackId, actor_kind: event.actorKind, from_status: event.from, to_status: event.to, note: event.note, at: iso(event.at) });
        events += 1;
      }
    }

    return { units: DEMO_UNITS.length, items: DEMO_ITEMS.length, updates, feedback: plannedFeedback.length, events };
  })();
}

// ---------------------------------------------------------------------------------------------
// Row shapes for the insert statements.

interface ItemRow {
  code: string;
  title: string;
  problem: string;
  category: string;
  source: string;
  responsible_unit_id: number | null;
  responsible_leader: string;
  measures: string;
  deadline: string | null;
  status: string;
  progress: number;
  outcomes: string;
  sort_order: number;
  created_at: string;
  updated_at: string;
}

interface FeedbackRow {
  tracking_code: string;
  secret_hash: string;
  role: string;
  category: string;
  content: string;
  item_id: number | null;
  unit_id: number | null;
  is_anonymous: 0 | 1;
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  consent_to_publish: 0 | 1;
  status: string;
  assigned_unit_id: number | null;
  reply_text: string | null;
  public_content: string | null;
  public_reply: string | null;
  rating: string | null;
  rating_comment: string | null;
  internal_note: string | null;
  submitted_at: string;
  accepted_at: string | null;
  replied_at: string | null;
  published_at: string | null;
  rated_at: string | null;
  updated_at: string;
}

// ---------------------------------------------------------------------------------------------
// Planning the synthetic opinions (pure and deterministic for a given now, seed and count).

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** China has no daylight saving time: Asia/Shanghai is always UTC+8. */
const SHANGHAI_OFFSET = 8 * HOUR;

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

export interface PlannedFeedbackEvent {
  actorKind: 'public' | 'user';
  from: FeedbackState | null;
  to: FeedbackState;
  note: string | null;
  /** Epoch milliseconds. */
  at: number;
}

export interface PlannedFeedback {
  trackingCode: string;
  role: SubmitterRole;
  category: FeedbackCategory;
  content: string;
  itemCode: string | null;
  unitCode: string | null;
  isAnonymous: boolean;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  consentToPublish: boolean;
  status: FeedbackState;
  assignedUnitCode: string | null;
  replyText: string | null;
  publicContent: string | null;
  publicReply: string | null;
  rating: Rating | null;
  ratingComment: string | null;
  internalNote: string | null;
  submittedAt: number;
  acceptedAt: number | null;
  repliedAt: number | null;
  publishedAt: number | null;
  ratedAt: number | null;
  updatedAt: number;
  events: PlannedFeedbackEvent[];
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
  const usedCodes = new Set<string>();
  const planned: PlannedFeedback[] = [];
  for (let index = 0; index < count; index += 1) {
    planned.push(planOne(random, nowMs, usedCodes));
  }
  return planned.sort((a, b) => a.submittedAt - b.submittedAt || a.trackingCode.localeCompare(b.trackingCode));
}

function planOne(random: Random, nowMs: number, usedCodes: Set<string>): PlannedFeedback {
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
  const itemCode = item && Date.parse(`${item.createdOn}T00:00:00+08:00`) <= submittedAt && random.chance(0.75) ? item.code : null;

  // The whole life of the opinion, as it would unfold; then cut at `now`.
  const timeline: PlannedFeedbackEvent[] = [{ actorKind: 'public', from: null, to: 'pending', note: null, at: submittedAt }];
  const handler = unitName(assignedUnitCode);
  let rating: Rating | null = null;
  let ratingComment: string | null = null;
  if (random.chance(0.04)) {
    const rejectedAt = officeHours(random, submittedAt + random.between(0.1, 2) * DAY);
    timeline.push({ actorKind: 'user', from: 'pending', to: 'rejected', note: random.pick(REJECT_REASONS), at: rejectedAt });
  } else {
    // Days from submission to reply: mostly within ten, a few slow ones up to about twenty.
    const replyDays = random.chance(0.8) ? random.between(1, 10) : random.between(10, 16.5);
    // A few stay with the unit unanswered: the overdue cases the statistics should show.
    const neverReplied = random.chance(0.02);
    const acceptedAt = officeHours(random, submittedAt + Math.max(2 * HOUR, random.between(0.05, 0.4) * replyDays * DAY));
    const assignedAt = officeHours(random, acceptedAt + Math.max(HOUR, random.between(0.05, 0.3) * replyDays * DAY));
    timeline.push({ actorKind: 'user', from: 'pending', to: 'accepted', note: random.pick(ACCEPT_NOTES), at: acceptedAt });
    timeline.push({ actorKind: 'user', from: 'accepted', to: 'assigned', note: `转${handler}办理，请于5个工作日内答复。`, at: assignedAt });
    if (!neverReplied) {
      let repliedAt = officeHours(random, submittedAt + replyDays * DAY);
      if (repliedAt <= assignedAt + 30 * MINUTE) repliedAt = assignedAt + wholeSeconds(random.between(1, 4) * HOUR);
      timeline.push({ actorKind: 'user', from: 'assigned', to: 'replied', note: `${handler}已答复，经审核后送达反映人。`, at: repliedAt });
      let lastState: FeedbackState = 'replied';
      let lastAt = repliedAt;
      // Some consenting opinions are kept unpublished when the reviewer judges them too personal.
      if (consentToPublish && random.chance(0.9)) {
        const publishedAt = officeHours(random, repliedAt + random.between(0.3, 3) * DAY);
        timeline.push({ actorKind: 'user', from: 'replied', to: 'published', note: random.pick(PUBLISH_NOTES), at: publishedAt });
        lastState = 'published';
        lastAt = publishedAt;
      }
      if (random.chance(0.72)) {
        rating = random.weighted(RATING_WEIGHTS);
        ratingComment = random.chance(0.4) ? random.pick(RATING_COMMENTS[rating]) : null;
        const ratedAt = lastAt + wholeSeconds(random.between(0.1, 8) * DAY);
        timeline.push({ actorKind: 'public', from: lastState, to: 'rated', note: `评价：${RATING_LABELS[rating]}`, at: ratedAt });
      }
    }
  }
  const internalNoteWanted = random.chance(0.1);

  const events = timeline.filter((event) => event.at <= nowMs);
  const last = events.at(-1);
  if (!last) throw new Error('an opinion without its submission event');
  const reached = (state: FeedbackState): PlannedFeedbackEvent | undefined => events.find((event) => event.to === state);
  const accepted = reached('accepted');
  const assigned = reached('assigned');
  const replied = reached('replied');
  const published = reached('published');
  const rated = reached('rated');

  return {
    trackingCode: trackingCode(random, submittedAt, usedCodes),
    role,
    category: template.category,
    content,
    itemCode,
    unitCode,
    isAnonymous,
    contactName,
    contactPhone,
    contactEmail,
    consentToPublish,
    status: last.to,
    assignedUnitCode: assigned ? assignedUnitCode : null,
    replyText: replied ? replyText : null,
    publicContent: published ? fillTemplate(template.content, vars, true) : null,
    publicReply: published ? fillTemplate(template.reply, vars, true) : null,
    rating: rated ? rating : null,
    ratingComment: rated ? ratingComment : null,
    internalNote: replied && internalNoteWanted && contactPhone !== null ? '已电话联系反映人，进一步核实了具体情况。' : null,
    submittedAt,
    acceptedAt: accepted?.at ?? null,
    repliedAt: replied?.at ?? null,
    publishedAt: published?.at ?? null,
    ratedAt: rated?.at ?? null,
    updatedAt: last.at,
    events,
  };
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

function trackingCode(random: Random, submittedAt: number, usedCodes: Set<string>): string {
  for (;;) {
    const code = newTrackingCode(new Date(submittedAt), (size) => random.int(0, size - 1));
    if (!usedCodes.has(code)) {
      usedCodes.add(code);
      return code;
    }
  }
}

function updateCreatedAt(date: string): string {
  // 16:00 in Shanghai on the day of the update.
  return `${date}T08:00:00.000Z`;
}

function wholeSeconds(ms: number): number {
  return Math.round(ms / SECOND) * SECOND;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : iso(ms);
}
