// The shape of the public snapshot: the only data the static site ever sees.
// The site's content loader parses the snapshot file with this schema, so a field that is
// not declared here cannot reach a page.
import { z } from 'zod';
import { ITEM_STATUSES, UNIT_KINDS } from '../server/domain/vocabulary.ts';

export const SNAPSHOT_FORMAT = 1;

export const bureauProfileSchema = z.object({
  /** 教育局 name, e.g. 示例县教育局. */
  name: z.string().min(1),
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
  email: z.string(),
  /** Public office hours for the phone line. */
  officeHours: z.string(),
});
export type BureauProfile = z.infer<typeof bureauProfileSchema>;

export const publicUnitSchema = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.enum(UNIT_KINDS),
});

export const publicItemUpdateSchema = z.object({
  date: z.string(),
  content: z.string(),
  progress: z.number().int().min(0).max(100).nullable(),
});

export const publicItemSchema = z.object({
  code: z.string(),
  title: z.string(),
  problem: z.string(),
  category: z.string(),
  source: z.string(),
  responsibleUnit: z.string().nullable(),
  responsibleLeader: z.string(),
  measures: z.string(),
  deadline: z.string().nullable(),
  status: z.enum(ITEM_STATUSES),
  progress: z.number().int().min(0).max(100),
  outcomes: z.string(),
  isOverdue: z.boolean(),
  updates: z.array(publicItemUpdateSchema),
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

export const publicSnapshotSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  /** When the data was read from the database: the page's "数据截至" time. */
  generatedAt: z.iso.datetime(),
  bureau: bureauProfileSchema,
  units: z.array(publicUnitSchema),
  itemStats: itemStatsSchema,
  feedbackStats: feedbackStatsSchema,
  items: z.array(publicItemSchema),
});
export type PublicSnapshot = z.infer<typeof publicSnapshotSchema>;
