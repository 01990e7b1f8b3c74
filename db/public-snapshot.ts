// The ONLY door from the database to the static site. Every SELECT here names its columns and
// reads published rows only; the result is checked against publicSnapshotSchema before it leaves.
import { bureauDate } from '../server/domain/bureau-time.ts';
import {
  displayFieldValue,
  type ItemChange,
  ITEM_FIELD_LABELS,
  type ItemField,
  isItemOverdue,
  PUBLIC_ITEM_FIELDS,
  TEXT_ONLY_CHANGE_FIELDS,
} from '../server/domain/ledger-rules.ts';
import { evaluationCounts } from '../server/domain/evaluation-rules.ts';
import { excerptText } from '../server/domain/text-excerpt.ts';
import { createWorkCalendar } from '../server/domain/working-days.ts';
import type { Db } from './open.ts';
import { loadCalendarTable } from './queries/calendar.ts';
import { listEvaluationRounds, listSuggestions } from './queries/evaluations.ts';
import { listCampaigns, listNominations } from './queries/topics.ts';
import { feedbackStats, publicStatistics, rectificationStats, topicCampaignStats } from './queries/statistics.ts';
import { iteratePublishedReplies, publicCategories, type PublishedReplyRow, publishedReplies } from './queries/published-replies.ts';
import { statement } from './statements.ts';
import {
  type BureauProfile,
  DEFAULT_PUBLIC_CHANNEL,
  type PublicChannel,
  type PublicEvaluation,
  type PublicItem,
  type PublicTopicCampaign,
  type TopicStats,
  type PublicPost,
  type PublicReply,
  type PublicSnapshot,
  type PublicSnapshotCore,
  SNAPSHOT_FORMAT,
  publicReplySchema,
  publicSnapshotCoreSchema,
  publicSnapshotSchema,
  replyLine,
} from './public-snapshot-schema.ts';

/** The replies file is written in pieces of about this many characters. */
const REPLIES_CHUNK_CHARS = 1 << 20;

/** The heading of a reply published before the 办公室 gave each one a title (migration 012). */
const LEGACY_TITLE_LENGTH = 40;

interface ItemRow {
  id: number;
  code: string;
  title: string;
  problem: string;
  category: string;
  categoryLabel: string;
  source: PublicItem['source'];
  responsibleUnit: string | null;
  responsibleUnitCode: string | null;
  responsibleLeader: string;
  leaderPost: string;
  measures: string;
  deadline: string | null;
  status: PublicItem['status'];
  progress: number;
  completedOn: string | null;
  progressSummary: string;
  createdAt: string;
  updatedAt: string;
}

interface VersionRow {
  action: string;
  changes: string;
  at: string;
}

const PUBLIC_CHANGE_FIELDS = new Set<ItemChange['field']>([...PUBLIC_ITEM_FIELDS, 'outcome', 'update']);
const CHANGE_LABELS: Record<string, string> = { ...ITEM_FIELD_LABELS, outcome: '制度成果', update: '进展更新' };

/** An item's versions as the public history: public fields only, long texts without their values. */
function publicHistory(versions: VersionRow[], categoryLabel: (code: string) => string): PublicItem['history'] {
  const history: PublicItem['history'] = [];
  versions.forEach((version, index) => {
    const date = bureauDate(new Date(version.at));
    if (index === 0) {
      history.push({ date, kind: 'created', changes: [] });
      return;
    }
    const changes = (JSON.parse(version.changes) as ItemChange[])
      .filter((change) => PUBLIC_CHANGE_FIELDS.has(change.field))
      .map((change) => {
        const textOnly = TEXT_ONLY_CHANGE_FIELDS.includes(change.field as ItemField);
        const value = (raw: ItemChange['from']) => (textOnly ? null : displayFieldValue(change.field, raw, categoryLabel));
        return { field: change.field, label: CHANGE_LABELS[change.field] ?? change.field, from: value(change.from), to: value(change.to) };
      });
    if (changes.length === 0) return;
    const kind = version.action === 'progress' ? 'progress' : version.action === 'outcome' ? 'outcome' : 'changed';
    history.push({ date, kind, changes });
  });
  return history;
}

/** 群众点题 campaigns: figures from every nomination, only public items listed; no opinion text. */
function publicTopicCampaigns(db: Db, stats: TopicStats): PublicTopicCampaign[] {
  const nominations = listNominations(db, null);
  return listCampaigns(db).map((campaign) => {
    const own = nominations.filter((row) => row.campaignId === campaign.id);
    // The statistics' own figures, so the campaign's page and the statistics never disagree.
    const figures = stats.byCampaign.find((row) => row.campaignId === campaign.id);
    const [count, adopted, completed] = [figures?.nominations ?? 0, figures?.adopted ?? 0, figures?.completed ?? 0];
    const items = new Map<string, PublicTopicCampaign['items'][number]>();
    for (const row of own) {
      if (row.decision === 'adopted' && row.itemIsPublished && row.itemCode !== null) items.set(row.itemCode, { code: row.itemCode, title: row.itemTitle!, status: row.itemStatus! });
    }
    return { id: campaign.id, theme: campaign.theme, description: campaign.description, opensOn: campaign.opensOn, closesOn: campaign.closesOn, counts: { nominations: count, adopted, completed }, items: [...items.values()] };
  });
}

/** Published 第三方评估 rounds; an item is named only when it is public itself. */
function publicEvaluations(db: Db): PublicEvaluation[] {
  const suggestions = listSuggestions(db, null).map((row) => ({
    ...row,
    itemCode: row.itemIsPublished ? row.itemCode : null,
    itemTitle: row.itemIsPublished ? row.itemTitle : null,
    itemStatus: row.itemIsPublished ? row.itemStatus : null,
  }));
  return listEvaluationRounds(db)
    .filter((round) => round.isPublished)
    .map((round) => {
      const own = suggestions.filter((row) => row.roundId === round.id);
      const { suggested, adopted, implemented } = evaluationCounts(own);
      return {
        id: round.id,
        title: round.title,
        evaluators: round.evaluators,
        method: round.method,
        startedOn: round.startedOn,
        endedOn: round.endedOn,
        summary: round.summary,
        counts: { suggested, adopted, implemented },
        suggestions: own.map((row) => ({
          position: row.position,
          content: row.content,
          decision: row.decision,
          reason: row.reason,
          itemCode: row.itemCode,
          itemTitle: row.itemTitle,
          itemStatus: row.itemStatus,
        })),
      };
    });
}

/** A published reply as the site gets it: the one mapping from a row to a PublicReply. */
function toPublicReply(row: PublishedReplyRow): PublicReply {
  return {
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
    // Published before titles existed: the start of the redacted text, never cut through a mask.
    title: row.title ?? excerptText(row.content, LEGACY_TITLE_LENGTH),
    content: row.content,
    reply: row.reply,
    rating: row.rating as PublicReply['rating'],
  };
}

/** Everything but the replies; call it inside the read transaction that reads the replies too. */
function readSnapshotCore(db: Db, bureau: BureauProfile, now: Date, channel: PublicChannel): Omit<PublicSnapshot, 'replies'> {
  const today = bureauDate(now);
  const units = statement<[], PublicSnapshot['units'][number]>(
    db,
    'SELECT code, name, kind FROM units ORDER BY kind, sort_order, code',
  ).all();
  const categories = statement<[], { code: string; label: string }>(db, 'SELECT code, label FROM item_categories ORDER BY sort_order, code').all();
  const labels = new Map(categories.map((category) => [category.code, category.label]));
  const categoryLabel = (code: string) => labels.get(code) ?? code;
  const itemRows = statement<[], ItemRow>(
    db,
    `SELECT i.id, i.code, i.title, i.problem, i.category, c.label AS categoryLabel, i.source, u.name AS responsibleUnit,
       u.code AS responsibleUnitCode, i.leader_name AS responsibleLeader, i.leader_post AS leaderPost, i.measures, i.deadline,
       i.status, i.progress, i.completed_on AS completedOn, i.progress_summary AS progressSummary,
       i.created_at AS createdAt, i.updated_at AS updatedAt
     FROM rectification_items i JOIN item_categories c ON c.code = i.category LEFT JOIN units u ON u.id = i.responsible_unit_id
     WHERE i.is_published = 1 ORDER BY i.sort_order, i.code`,
  ).all();
  const updates = statement<[number], PublicItem['updates'][number]>(
    db,
    `SELECT happened_on AS date, content, progress, status_after AS status FROM item_updates
     WHERE item_id = ? AND is_published = 1 ORDER BY happened_on, id`,
  );
  const outcomes = statement<[number], PublicItem['outcomes'][number]>(
    db,
    'SELECT title, kind, issued_on AS issuedOn, url FROM item_outcomes WHERE item_id = ? ORDER BY issued_on, id',
  );
  // Only what the office published, in the redacted words it approved; never the originals.
  const opinions = statement<[number], { publishedAt: string; content: string; reply: string }>(
    db,
    `SELECT published_at AS publishedAt, public_content AS content, public_reply AS reply FROM feedback
     WHERE item_id = ? AND publication = 'published' AND public_content IS NOT NULL AND public_reply IS NOT NULL
       AND published_at IS NOT NULL
     ORDER BY published_at, id`,
  );
  const versions = statement<[number], VersionRow>(db, 'SELECT action, changes, at FROM item_versions WHERE item_id = ? ORDER BY version');
  const items: PublicItem[] = itemRows.map(({ id, createdAt, updatedAt, ...item }) => ({
    ...item,
    isOverdue: isItemOverdue(item, today),
    createdOn: bureauDate(new Date(createdAt)),
    updatedOn: bureauDate(new Date(updatedAt)),
    updates: updates.all(id),
    outcomes: outcomes.all(id),
    opinions: opinions.all(id).map((opinion) => ({ publishedOn: bureauDate(new Date(opinion.publishedAt)), content: opinion.content, reply: opinion.reply })),
    history: publicHistory(versions.all(id), categoryLabel),
  }));
  const usedCategories = new Set(items.map((item) => item.category));
  const topicStats = topicCampaignStats(db);
  return {
    format: SNAPSHOT_FORMAT,
    generatedAt: now.toISOString(),
    bureau,
    units,
    itemCategories: categories.filter((category) => usedCategories.has(category.code)),
    itemStats: rectificationStats(db, today),
    feedbackStats: feedbackStats(db),
    topicStats,
    items,
    channel,
    categories: publicCategories(db),
    evaluations: publicEvaluations(db),
    topicCampaigns: publicTopicCampaigns(db, topicStats),
    statistics: publicStatistics(db, createWorkCalendar(loadCalendarTable(db)), today),
    // Filled in by the rebuild from the files it keeps (server/open-data-stats.ts).
    openDataStats: [],
    posts: publishedPosts(db),
  };
}

/** The whole snapshot in memory, replies included: for small data (tests, the demo). The rebuild streams instead. */
export function buildPublicSnapshot(db: Db, bureau: BureauProfile, now: Date = new Date(), channel: PublicChannel = DEFAULT_PUBLIC_CHANNEL): PublicSnapshot {
  // One read transaction: the figures and the lists describe the same moment.
  const read = db.transaction(() => ({ ...readSnapshotCore(db, bureau, now, channel), replies: publishedReplies(db).map(toPublicReply) }));
  return publicSnapshotSchema.parse(read());
}

/**
 * The snapshot as the rebuild writes it: returns the core and hands the published replies to
 * `write` as NDJSON (replyLine), newest published first, in pieces of about a megabyte, straight
 * from the database cursor, so that they are never all in memory. Core and replies are read in
 * one transaction: they describe the same moment even if an opinion is published meanwhile.
 * `repliesFile` is recorded in the core (the name of the file the caller writes `write` to).
 */
export function buildPublicSnapshotCore(
  db: Db,
  bureau: BureauProfile,
  now: Date,
  channel: PublicChannel,
  repliesFile: string,
  write: (chunk: string) => void,
  chunkChars: number = REPLIES_CHUNK_CHARS,
): PublicSnapshotCore {
  const read = db.transaction(() => {
    let replyCount = 0;
    let chunk = '';
    for (const row of iteratePublishedReplies(db)) {
      chunk += replyLine(publicReplySchema.parse(toPublicReply(row)));
      replyCount += 1;
      if (chunk.length >= chunkChars) {
        write(chunk);
        chunk = '';
      }
    }
    if (chunk) write(chunk);
    // After the replies, in the same transaction: it still sees what the replies saw.
    return { ...readSnapshotCore(db, bureau, now, channel), repliesFile, replyCount };
  });
  return publicSnapshotCoreSchema.parse(read());
}


/** Where a published post's PDF lives in the site: its id and the start of its hash, so a new file is a new address. */
export function postAttachmentPath(id: number, sha256: string): string {
  return `/news/files/${id}-${sha256.slice(0, 12)}.pdf`;
}

/** 整改信息 that are published now, newest first, with their corrections and public links. */
function publishedPosts(db: Db): PublicPost[] {
  const posts = statement<[], { id: number; title: string; body: string; postDate: string; firstPublishedAt: string }>(
    db,
    `SELECT id, title, body, post_date AS postDate, first_published_at AS firstPublishedAt FROM posts
     WHERE state = 'published' ORDER BY post_date DESC, id DESC`,
  ).all();
  const versions = statement<[number], { action: string; title: string; body: string; note: string | null; at: string }>(
    db,
    'SELECT action, title, body, note, at FROM post_versions WHERE post_id = ? ORDER BY version',
  );
  const items = statement<[number], { code: string; title: string }>(
    db,
    `SELECT i.code, i.title FROM post_items p JOIN rectification_items i ON i.id = p.item_id
     WHERE p.post_id = ? AND i.is_published = 1 ORDER BY i.sort_order, i.code`,
  );
  const outcomes = statement<[number], { title: string; itemCode: string }>(
    db,
    `SELECT o.title, i.code AS itemCode FROM post_outcomes p JOIN item_outcomes o ON o.id = p.outcome_id
     JOIN rectification_items i ON i.id = o.item_id WHERE p.post_id = ? AND i.is_published = 1 ORDER BY o.issued_on, o.id`,
  );
  const attachments = statement<[number], { id: number; name: string; size: number; sha256: string }>(
    db,
    'SELECT id, file_name AS name, size, sha256 FROM post_attachments WHERE post_id = ? ORDER BY id',
  );
  return posts.map((post) => {
    const history = versions.all(post.id);
    const corrections = history.flatMap((version, index) => {
      const before = history[index - 1];
      if (version.action !== 'correct' || !before) return [];
      return [{ date: bureauDate(new Date(version.at)), note: version.note ?? '', previousTitle: before.title, previousBody: before.body }];
    });
    return {
      id: post.id,
      title: post.title,
      postDate: post.postDate,
      firstPublishedOn: bureauDate(new Date(post.firstPublishedAt)),
      body: post.body,
      corrections,
      items: items.all(post.id),
      outcomes: outcomes.all(post.id),
      attachments: attachments.all(post.id).map((file) => ({ name: file.name, size: file.size, path: postAttachmentPath(file.id, file.sha256) })),
    };
  });
}

/**
 * The bytes of published posts' attachments, for the rebuild to write into the site beside the
 * pages. Drafts' and withdrawn posts' files never leave the database.
 */
export function publishedAttachmentFiles(db: Db): { path: string; content: Buffer }[] {
  return statement<[], { id: number; sha256: string; content: Buffer }>(
    db,
    `SELECT a.id, a.sha256, a.content FROM post_attachments a JOIN posts p ON p.id = a.post_id WHERE p.state = 'published' ORDER BY a.id`,
  )
    .all()
    .map((file) => ({ path: postAttachmentPath(file.id, file.sha256), content: file.content }));
}
