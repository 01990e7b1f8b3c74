// The shape of the public snapshot: the only data the static site ever sees.
// The site parses the snapshot file with this schema (site/src/lib/snapshot-file.ts), so a field
// that is not declared here cannot reach a page.
import { z } from 'zod';
import { bureauThemeSchema } from '../server/domain/bureau-profile.ts';
import { ITEM_SOURCES, ITEM_STATUSES, OUTCOME_KINDS, RATINGS, SUBMITTER_ROLES, SUGGESTION_DECISIONS, UNIT_KINDS } from '../server/domain/vocabulary.ts';

/** 2: the ledger with categories, outcomes as rows, opinions and change history (migration 004). */
export const SNAPSHOT_FORMAT = 2;

/** The bureau profile (server/domain/bureau-profile.ts) as the pages get it. */
export const bureauProfileSchema = z.object({
  /** 教育局 name, e.g. 示例县教育局. */
  name: z.string().min(1),
  shortName: z.string().min(1),
  /** The column's title, e.g. 作风整改进行时. */
  columnTitle: z.string().min(1),
  columnDescription: z.string().min(1),
  /** 主办单位 shown in the footer. */
  hostUnit: z.string().min(1),
  /** 网站标识码 (government site identifier); empty when the bureau has none. */
  siteCode: z.string(),
  /** ICP备案 number. */
  icp: z.string(),
  /** 公安机关备案 number. */
  psb: z.string(),
  address: z.string(),
  phone: z.string(),
  hotlines: z.array(z.string()),
  email: z.string(),
  /** Public office hours for the phone line. */
  officeHours: z.string(),
  /** Checked again here: the colours go into the pages' inline style. */
  theme: bureauThemeSchema,
});
export type BureauProfile = z.infer<typeof bureauProfileSchema>;

export const publicUnitSchema = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.enum(UNIT_KINDS),
});

export const publicItemCategorySchema = z.object({
  code: z.string(),
  label: z.string(),
});

export const publicItemUpdateSchema = z.object({
  date: z.string(),
  content: z.string(),
  progress: z.number().int().min(0).max(100).nullable(),
  /** The item's status after this update; null for updates from before migration 004. */
  status: z.enum(ITEM_STATUSES).nullable(),
});

/** 制度成果: a policy or document the item produced. */
export const publicOutcomeSchema = z.object({
  title: z.string(),
  kind: z.enum(OUTCOME_KINDS),
  issuedOn: z.string(),
  /** http(s) only (a CHECK constraint and the input schema make sure). */
  url: z.string().nullable(),
});

/** A published opinion linked to the item: the redacted texts the office approved for publication. */
export const publicLinkedFeedbackSchema = z.object({
  publishedOn: z.string(),
  content: z.string(),
  reply: z.string(),
});

/** What changed in one version of the item, public fields only; long texts without their values. */
export const publicHistoryEntrySchema = z.object({
  date: z.string(),
  kind: z.enum(['created', 'changed', 'progress', 'outcome']),
  changes: z.array(
    z.object({
      field: z.string(),
      label: z.string(),
      from: z.string().nullable(),
      to: z.string().nullable(),
    }),
  ),
});

export const publicItemSchema = z.object({
  code: z.string(),
  title: z.string(),
  problem: z.string(),
  /** A code of the bureau's item categories; categoryLabel is its name. */
  category: z.string(),
  categoryLabel: z.string(),
  source: z.enum(ITEM_SOURCES),
  responsibleUnit: z.string().nullable(),
  responsibleUnitCode: z.string().nullable(),
  /** The leader's name; leaderPost is the post (党组成员、副局长). */
  responsibleLeader: z.string(),
  leaderPost: z.string(),
  measures: z.string(),
  /** null: 长期坚持. */
  deadline: z.string().nullable(),
  status: z.enum(ITEM_STATUSES),
  progress: z.number().int().min(0).max(100),
  completedOn: z.string().nullable(),
  /** 完成情况 / 整改进展 in the ledger's words. */
  progressSummary: z.string(),
  isOverdue: z.boolean(),
  createdOn: z.string(),
  updatedOn: z.string(),
  updates: z.array(publicItemUpdateSchema),
  outcomes: z.array(publicOutcomeSchema),
  opinions: z.array(publicLinkedFeedbackSchema),
  history: z.array(publicHistoryEntrySchema),
});
export type PublicItem = z.infer<typeof publicItemSchema>;

export const itemStatsSchema = z.object({
  total: z.number().int(),
  notStarted: z.number().int(),
  inProgress: z.number().int(),
  completed: z.number().int(),
  ongoing: z.number().int(),
  overdue: z.number().int(),
  /** (completed + ongoing) / total, or null when the ledger is empty. */
  completionRate: z.number().min(0).max(1).nullable(),
});
export type ItemStats = z.infer<typeof itemStatsSchema>;

export const feedbackStatsSchema = z.object({
  /** Every opinion submitted. */
  received: z.number().int(),
  /** Accepted for handling (all states past 待受理 except 不予受理). */
  accepted: z.number().int(),
  /** Accepted opinions that have a reply. */
  replied: z.number().int(),
  /** replied / accepted, or null when nothing has been accepted yet. */
  replyRate: z.number().min(0).max(1).nullable(),
  /** Replied by the deadline without an extension, over replied; null before any reply. */
  onTimeRate: z.number().min(0).max(1).nullable(),
  /** Accepted opinions whose deadline was extended (counted apart from the on-time ones). */
  extended: z.number().int(),
});
export type FeedbackStats = z.infer<typeof feedbackStatsSchema>;

const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const share = z.number().min(0).max(1).nullable();
const dayFiguresSchema = z.object({ count: z.number().int(), median: z.number().nullable(), mean: z.number().nullable() });

/** The opinion figures of server/domain/feedback-figures.ts (口径 in site/src/lib/stat-definitions.ts). */
export const feedbackFiguresSchema = z.object({
  received: z.number().int(),
  accepted: z.number().int(),
  notAccepted: z.number().int(),
  withdrawn: z.number().int(),
  pending: z.number().int(),
  inHand: z.number().int(),
  replied: z.number().int(),
  replyRate: share,
  acceptOnTime: z.number().int(),
  acceptDecided: z.number().int(),
  acceptOnTimeRate: share,
  replyOnTime: z.number().int(),
  replyLate: z.number().int(),
  replyExtended: z.number().int(),
  replyOnTimeRate: share,
  daysToAccept: dayFiguresSchema,
  daysToAssign: dayFiguresSchema,
  daysToReply: dayFiguresSchema,
  daysTotal: dayFiguresSchema,
  rated: z.number().int(),
  satisfied: z.number().int(),
  basicallySatisfied: z.number().int(),
  dissatisfied: z.number().int(),
  satisfactionRate: share,
  unratedShare: share,
  dissatisfiedRatings: z.number().int(),
  followUps: z.number().int(),
  followUpRate: share,
  daysToFollowUp: dayFiguresSchema,
  urges: z.number().int(),
  published: z.number().int(),
  oldestUnansweredOn: calendarDate.nullable(),
  oldestUnansweredDays: z.number().int().nullable(),
});
export type FeedbackFiguresSnapshot = z.infer<typeof feedbackFiguresSchema>;

/** One row of a breakdown: a month (2026-11), a category code, a role, or a unit code ('' before 转办). */
export const figuresRowSchema = z.object({
  key: z.string(),
  label: z.string(),
  /** Units only: 科室 or 学校. */
  kind: z.enum(UNIT_KINDS).nullable(),
  figures: feedbackFiguresSchema,
});
export type FiguresRow = z.infer<typeof figuresRowSchema>;

/** A ledger breakdown row (a category or a responsible unit): the same counts as itemStats. */
export const ledgerRowSchema = itemStatsSchema.extend({ key: z.string(), label: z.string() });
export type LedgerRow = z.infer<typeof ledgerRowSchema>;

/** Everything the 统计 page, the scorecards and the dated open data show. */
export const statisticsSchema = z.object({
  feedback: feedbackFiguresSchema,
  /** Working days from submission to answer, in buckets. */
  replyDays: z.array(z.object({ label: z.string(), count: z.number().int() })),
  byMonth: z.array(figuresRowSchema),
  byCategory: z.array(figuresRowSchema),
  byRole: z.array(figuresRowSchema),
  byUnit: z.array(figuresRowSchema),
  ledger: z.object({
    byCategory: z.array(ledgerRowSchema),
    byUnit: z.array(ledgerRowSchema),
    outcomesIssued: z.number().int(),
  }),
});
export type Statistics = z.infer<typeof statisticsSchema>;

/** 留言选登: one published opinion in its redacted version, with the official reply. */
export const publicReplySchema = z.object({
  id: z.number().int().positive(),
  category: z.string(),
  categoryLabel: z.string(),
  role: z.enum(SUBMITTER_ROLES),
  /** The unit that answered (or the one the opinion named). */
  unitCode: z.string().nullable(),
  unitName: z.string().nullable(),
  unitKind: z.enum(UNIT_KINDS).nullable(),
  /** The related ledger item, when it is published. */
  itemCode: z.string().nullable(),
  /** Calendar dates in the bureau's time zone; no times, nothing about the submitter. */
  submittedOn: calendarDate,
  repliedOn: calendarDate,
  publishedOn: calendarDate,
  /** The heading the 办公室 set when publishing (redacted like the content). */
  title: z.string().min(1),
  /** The redacted opinion and reply the 办公室 approved for publication. */
  content: z.string(),
  reply: z.string(),
  rating: z.enum(RATINGS).nullable(),
});
export type PublicReply = z.infer<typeof publicReplySchema>;

/** What the opinion channel's pages need beyond the data: where the site lives, the privacy terms. */
export const publicChannelSchema = z.object({
  /** The site's public address (PUBLIC_BASE_URL), for the posters' QR codes; no trailing slash. */
  publicBaseUrl: z.string(),
  /** Contact details are deleted this many days after an opinion is closed (CONTACT_RETENTION_DAYS). */
  contactRetentionDays: z.number().int().positive(),
});
export type PublicChannel = z.infer<typeof publicChannelSchema>;
export const DEFAULT_PUBLIC_CHANNEL: PublicChannel = { publicBaseUrl: 'http://localhost:4321', contactRetentionDays: 365 };

/** 第三方评估: a published round, its figures and every suggestion's state. */
export const publicEvaluationSchema = z.object({
  id: z.number().int().positive(),
  title: z.string(),
  evaluators: z.string(),
  method: z.string(),
  startedOn: z.string(),
  endedOn: z.string().nullable(),
  summary: z.string(),
  /** 提出建议 N 条，采纳 N 条（部分采纳在内），已落实 N 条 (the item is public and 已完成). */
  counts: z.object({ suggested: z.number().int(), adopted: z.number().int(), implemented: z.number().int() }),
  suggestions: z.array(
    z.object({
      position: z.number().int(),
      content: z.string(),
      decision: z.enum(SUGGESTION_DECISIONS),
      /** Why not (不予采纳), or what part was not taken (部分采纳). */
      reason: z.string(),
      /** The item it is tracked to, when that item is public. */
      itemCode: z.string().nullable(),
      itemTitle: z.string().nullable(),
      itemStatus: z.enum(ITEM_STATUSES).nullable(),
    }),
  ),
});
export type PublicEvaluation = z.infer<typeof publicEvaluationSchema>;

/** 群众点题: a campaign, its figures and the items its nominations became or joined (public ones). */
export const publicTopicCampaignSchema = z.object({
  id: z.number().int().positive(),
  theme: z.string(),
  description: z.string(),
  opensOn: z.string(),
  closesOn: z.string(),
  /** 点题 N 条，采纳 N 项，已完成 N 项. */
  counts: z.object({ nominations: z.number().int(), adopted: z.number().int(), completed: z.number().int() }),
  items: z.array(z.object({ code: z.string(), title: z.string(), status: z.enum(ITEM_STATUSES) })),
});
export type PublicTopicCampaign = z.infer<typeof publicTopicCampaignSchema>;

/** 群众点题 in the statistics: 点题 N 条，采纳 N 项，已完成 N 项, over all campaigns and per campaign. */
const topicFiguresSchema = z.object({ nominations: z.number().int(), adopted: z.number().int(), completed: z.number().int() });
export const topicStatsSchema = topicFiguresSchema.extend({
  campaigns: z.number().int(),
  byCampaign: z.array(topicFiguresSchema.extend({ campaignId: z.number().int().positive(), theme: z.string() })),
});
export type TopicStats = z.infer<typeof topicStatsSchema>;
/** 整改信息: a published post, its Markdown body (rendered at build time), corrections and links. */
export const publicPostSchema = z.object({
  id: z.number().int().positive(),
  title: z.string(),
  postDate: calendarDate,
  firstPublishedOn: calendarDate,
  /** Markdown; the site renders it with server/domain/post-markdown.ts (sanitised). */
  body: z.string(),
  /** 更正: newest last; each keeps the title and body as they were before it. */
  corrections: z.array(z.object({ date: calendarDate, note: z.string(), previousTitle: z.string(), previousBody: z.string() })),
  /** Published ledger items only. */
  items: z.array(z.object({ code: z.string(), title: z.string() })),
  outcomes: z.array(z.object({ title: z.string(), itemCode: z.string() })),
  /** PDF files the rebuild writes into the site at `path`. */
  attachments: z.array(z.object({ name: z.string(), size: z.number().int().positive(), path: z.string().regex(/^\/news\/files\/[0-9a-f-]+\.pdf$/) })),
});
export type PublicPost = z.infer<typeof publicPostSchema>;

export const publicSnapshotSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  /** When the data was read from the database: the page's "数据截至" time. */
  generatedAt: z.iso.datetime(),
  bureau: bureauProfileSchema,
  units: z.array(publicUnitSchema),
  /** The bureau's item categories that published items use, in the bureau's order. */
  itemCategories: z.array(publicItemCategorySchema),
  itemStats: itemStatsSchema,
  feedbackStats: feedbackStatsSchema,
  topicStats: topicStatsSchema.default({ campaigns: 0, nominations: 0, adopted: 0, completed: 0, byCampaign: [] }),
  items: z.array(publicItemSchema),
  // Defaults keep a snapshot written by an older build readable.
  channel: publicChannelSchema.default(DEFAULT_PUBLIC_CHANNEL),
  categories: z.array(z.object({ code: z.string(), label: z.string() })).default([]),
  replies: z.array(publicReplySchema).default([]),
  evaluations: z.array(publicEvaluationSchema).default([]),
  topicCampaigns: z.array(publicTopicCampaignSchema).default([]),
  /** Absent in snapshots written before issue 14: the pages then show no statistics. */
  statistics: statisticsSchema.optional(),
  /** The dated statistics files under /opendata/stats/ (server/open-data-stats.ts), added by the rebuild. */
  openDataStats: z
    .array(z.object({ date: calendarDate, jsonSha256: z.string(), csvSha256: z.string(), previousSha256: z.string().nullable() }))
    .default([]),
  posts: z.array(publicPostSchema).default([]),
});
export type PublicSnapshot = z.infer<typeof publicSnapshotSchema>;

/**
 * The snapshot file the rebuild writes: everything but the replies, which grow with the opinions
 * and sit beside it as NDJSON (one PublicReply per line, newest published first), so that neither
 * the rebuild nor the site ever holds them whole.
 */
export const publicSnapshotCoreSchema = publicSnapshotSchema.omit({ replies: true }).extend({
  /** The replies file: a name beside the core file (an absolute path once the site has loaded it); null: no replies. */
  repliesFile: z.string().min(1).nullable().default(null),
  /** Lines in the replies file. */
  replyCount: z.number().int().nonnegative().default(0),
});
export type PublicSnapshotCore = z.infer<typeof publicSnapshotCoreSchema>;

/** The replies file that goes with a core file: <name>.snapshot.json → <name>.snapshot.replies.ndjson. */
export function snapshotRepliesFileName(coreFile: string): string {
  return `${coreFile.replace(/\.json$/, '')}.replies.ndjson`;
}

/** One line of the replies file. */
export function replyLine(reply: PublicReply): string {
  return `${JSON.stringify(reply)}\n`;
}
