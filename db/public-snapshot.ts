// The ONLY door from the database to the static site. Every SELECT here names its columns and
// reads published rows only; the result is checked against publicSnapshotSchema before it leaves.
import { bureauDate } from '../server/domain/bureau-time.ts';
import type { Db } from './open.ts';
import { feedbackStats, rectificationStats } from './queries/statistics.ts';
import { publicCategories, publishedReplies } from './queries/published-replies.ts';
import { statement } from './statements.ts';
import {
  type BureauProfile,
  DEFAULT_PUBLIC_CHANNEL,
  type PublicChannel,
  type PublicItem,
  type PublicReply,
  type PublicSnapshot,
  SNAPSHOT_FORMAT,
  publicSnapshotSchema,
} from './public-snapshot-schema.ts';

interface ItemRow {
  id: number;
  code: string;
  title: string;
  problem: string;
  category: string;
  source: string;
  responsibleUnit: string | null;
  responsibleLeader: string;
  measures: string;
  deadline: string | null;
  status: PublicItem['status'];
  progress: number;
  outcomes: string;
}

export function buildPublicSnapshot(db: Db, bureau: BureauProfile, now: Date = new Date(), channel: PublicChannel = DEFAULT_PUBLIC_CHANNEL): PublicSnapshot {
  const today = bureauDate(now);
  const read = db.transaction(() => {
    const units = statement<[], PublicSnapshot['units'][number]>(
      db,
      'SELECT code, name, kind FROM units ORDER BY kind, sort_order, code',
    ).all();
    const itemRows = statement<[], ItemRow>(
      db,
      `SELECT i.id, i.code, i.title, i.problem, i.category, i.source, u.name AS responsibleUnit,
         i.responsible_leader AS responsibleLeader, i.measures, i.deadline, i.status, i.progress, i.outcomes
       FROM rectification_items i LEFT JOIN units u ON u.id = i.responsible_unit_id
       WHERE i.is_published = 1 ORDER BY i.sort_order, i.code`,
    ).all();
    const updates = statement<[number], PublicItem['updates'][number]>(
      db,
      `SELECT happened_on AS date, content, progress FROM item_updates
       WHERE item_id = ? AND is_published = 1 ORDER BY happened_on, id`,
    );
    const items: PublicItem[] = itemRows.map(({ id, ...item }) => ({
      ...item,
      isOverdue: (item.status === 'not_started' || item.status === 'in_progress') && item.deadline !== null && item.deadline < today,
      updates: updates.all(id),
    }));
    const replies: PublicReply[] = publishedReplies(db).map((row) => ({
      id: row.id,
      category: row.category,
      categoryLabel: row.categoryLabel ?? row.category,
      role: row.role as PublicReply['role'],
      unitCode: row.unitCode,
      unitName: row.unitName,
      unitKind: row.unitKind as PublicReply['unitKind'],
      itemCode: row.itemCode,
      submittedOn: bureauDate(new Date(row.submittedAt)),
      repliedOn: bureauDate(new Date(row.repliedAt)),
      publishedOn: bureauDate(new Date(row.publishedAt)),
      content: row.content,
      reply: row.reply,
      rating: row.rating as PublicReply['rating'],
    }));
    return {
      format: SNAPSHOT_FORMAT,
      generatedAt: now.toISOString(),
      bureau,
      units,
      itemStats: rectificationStats(db, today),
      feedbackStats: feedbackStats(db),
      items,
      channel,
      categories: publicCategories(db),
      replies,
    } satisfies PublicSnapshot;
  });
  // One read transaction: the figures and the lists describe the same moment.
  return publicSnapshotSchema.parse(read());
}
