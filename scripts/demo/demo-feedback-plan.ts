// The synthetic opinions of the demo bureau, planned: pure and deterministic for a given now,
// seed and count (scripts/demo/seed-demo.ts runs each plan through the named actions).
import type { FeedbackSubmission } from '../../server/domain/feedback-input.ts';
import type { Rating, RejectReason, SubmitterRole } from '../../server/domain/vocabulary.ts';
import { ACCEPT_NOTES, AMOUNTS, DEFAULT_SCHOOL_LEVELS, DEMO_ITEMS, DEMO_UNITS, EXTENSION_REASONS, FEEDBACK_TEMPLATES, FOLLOW_UP_OUTCOMES, GIVEN_NAMES, MINOR_COURSES, PRIVATE_PLACEHOLDERS, RATING_COMMENTS, REJECT_REASONS, REVIEW_COMMENTS, SUBJECTS, SURNAMES, URGE_NOTES, WITHHOLD_REASONS, type DemoUnit, type FeedbackTemplate } from './demo-bureau.ts';
import { BUREAU_UTC_OFFSET_MS, bureauInstant } from '../../server/domain/bureau-time.ts';

export const DEFAULT_DEMO_SEED = 20261126;
export const DEFAULT_DEMO_FEEDBACK_COUNT = 320;
/** Feedback is spread over this many days before `now`. */
export const DEMO_FEEDBACK_SPAN_DAYS = 240;

const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
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

export interface Random {
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

export function createRandom(seed: number): Random {
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

