// 留言选登: the opinions the 办公室 published, with the submitter's consent, in their redacted
// versions. Only public_title, public_content and public_reply leave the database, never the
// original texts, the submitter's own title or anything about the submitter; a reply reopened after a follow-up drops out until
// it is answered again.
import type { Db } from '../open.ts';
import { statement } from '../statements.ts';

export interface PublishedReplyRow {
  id: number;
  category: string;
  categoryLabel: string | null;
  role: string;
  unitCode: string | null;
  unitName: string | null;
  unitKind: string | null;
  itemCode: string | null;
  submittedAt: string;
  repliedAt: string;
  publishedAt: string;
  /** Null for opinions published before titles existed (migration 012). */
  title: string | null;
  content: string;
  reply: string;
  rating: string | null;
}

/** Every published reply, newest published first. */
export function publishedReplies(db: Db): PublishedReplyRow[] {
  return publishedRepliesStatement(db).all();
}

/** The same rows one at a time, for writing them out without holding them all. */
export function iteratePublishedReplies(db: Db): IterableIterator<PublishedReplyRow> {
  return publishedRepliesStatement(db).iterate();
}

function publishedRepliesStatement(db: Db) {
  return statement<[], PublishedReplyRow>(
    db,
    `SELECT f.id, f.category, c.label AS categoryLabel, f.role, u.code AS unitCode, u.name AS unitName, u.kind AS unitKind,
       i.code AS itemCode, f.submitted_at AS submittedAt, f.replied_at AS repliedAt, f.published_at AS publishedAt,
       f.public_title AS title, f.public_content AS content, f.public_reply AS reply, f.rating
     FROM feedback f
       LEFT JOIN feedback_categories c ON c.code = f.category
       LEFT JOIN units u ON u.id = coalesce(f.reply_unit_id, f.unit_id)
       LEFT JOIN rectification_items i ON i.id = f.item_id AND i.is_published = 1
     WHERE f.publication = 'published' AND f.consent_to_publish = 1 AND f.status = 'replied'
       AND f.public_content IS NOT NULL AND f.public_reply IS NOT NULL AND f.replied_at IS NOT NULL AND f.published_at IS NOT NULL
     ORDER BY f.published_at DESC, f.id DESC`,
  );
}

export interface PublicCategoryRow {
  code: string;
  label: string;
}

export function publicCategories(db: Db): PublicCategoryRow[] {
  return statement<[], PublicCategoryRow>(db, 'SELECT code, label FROM feedback_categories WHERE is_active = 1 ORDER BY sort_order, code').all();
}
