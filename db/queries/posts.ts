// 整改信息 (posts): rows, versions, links to ledger items and outcomes, PDF attachments, and the
// lists the admin app reads. No rules here (server/domain/post-*.ts).
import type { Db } from '../open.ts';
import { statement } from '../statements.ts';

export type PostState = 'draft' | 'published' | 'withdrawn';
export type PostVersionAction = 'create' | 'update' | 'publish' | 'correct' | 'withdraw' | 'attachment_add' | 'attachment_remove';

export interface PostRecord {
  id: number;
  title: string;
  body: string;
  post_date: string;
  state: PostState;
  first_published_at: string | null;
  version: number;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface PostContent {
  title: string;
  body: string;
  postDate: string;
}

export function getPostRecord(db: Db, id: number): PostRecord | undefined {
  return statement<[number], PostRecord>(db, 'SELECT * FROM posts WHERE id = ?').get(id);
}

export function insertPostRecord(db: Db, content: PostContent, createdBy: number | null, at: string): number {
  const result = statement(
    db,
    `INSERT INTO posts (title, body, post_date, state, version, created_by, created_at, updated_at)
     VALUES (@title, @body, @postDate, 'draft', 1, @createdBy, @at, @at)`,
  ).run({ ...content, createdBy, at });
  return Number(result.lastInsertRowid);
}

/** Writes the post's content and state and bumps its version; returns the new version. */
export function updatePostRecord(db: Db, id: number, change: PostContent & { state: PostState; firstPublishedAt: string | null }, at: string): number {
  return statement<{}, { version: number }>(
    db,
    `UPDATE posts SET title = @title, body = @body, post_date = @postDate, state = @state, first_published_at = @firstPublishedAt,
       version = version + 1, updated_at = @at WHERE id = @id RETURNING version`,
  ).get({ ...change, id, at })!.version;
}

export function insertPostVersion(
  db: Db,
  row: { postId: number; version: number; action: PostVersionAction; actorUserId: number | null; content: PostContent; note: string | null; at: string },
): void {
  statement(
    db,
    `INSERT INTO post_versions (post_id, version, action, actor_user_id, title, body, post_date, note, at)
     VALUES (@postId, @version, @action, @actorUserId, @title, @body, @postDate, @note, @at)`,
  ).run({ postId: row.postId, version: row.version, action: row.action, actorUserId: row.actorUserId, ...row.content, note: row.note, at: row.at });
}

export interface PostVersionRow {
  version: number;
  action: PostVersionAction;
  actorName: string | null;
  title: string;
  body: string;
  postDate: string;
  note: string | null;
  at: string;
}

export function listPostVersions(db: Db, postId: number): PostVersionRow[] {
  return statement<[number], PostVersionRow>(
    db,
    `SELECT v.version, v.action, u.display_name AS actorName, v.title, v.body, v.post_date AS postDate, v.note, v.at
     FROM post_versions v LEFT JOIN users u ON u.id = v.actor_user_id WHERE v.post_id = ? ORDER BY v.version`,
  ).all(postId);
}

/** Replaces the post's links to ledger items and outcomes. */
export function setPostLinks(db: Db, postId: number, itemIds: readonly number[], outcomeIds: readonly number[]): void {
  statement(db, 'DELETE FROM post_items WHERE post_id = ?').run(postId);
  statement(db, 'DELETE FROM post_outcomes WHERE post_id = ?').run(postId);
  const item = statement(db, 'INSERT INTO post_items (post_id, item_id) VALUES (?, ?)');
  for (const id of new Set(itemIds)) item.run(postId, id);
  const outcome = statement(db, 'INSERT INTO post_outcomes (post_id, outcome_id) VALUES (?, ?)');
  for (const id of new Set(outcomeIds)) outcome.run(postId, id);
}

export interface PostLinks {
  items: { id: number; code: string; title: string; isPublished: boolean }[];
  outcomes: { id: number; title: string; itemCode: string }[];
}

export function getPostLinks(db: Db, postId: number): PostLinks {
  const items = statement<[number], { id: number; code: string; title: string; isPublished: 0 | 1 }>(
    db,
    `SELECT i.id, i.code, i.title, i.is_published AS isPublished FROM post_items p JOIN rectification_items i ON i.id = p.item_id
     WHERE p.post_id = ? ORDER BY i.sort_order, i.code`,
  ).all(postId);
  const outcomes = statement<[number], PostLinks['outcomes'][number]>(
    db,
    `SELECT o.id, o.title, i.code AS itemCode FROM post_outcomes p JOIN item_outcomes o ON o.id = p.outcome_id
     JOIN rectification_items i ON i.id = o.item_id WHERE p.post_id = ? ORDER BY o.issued_on, o.id`,
  ).all(postId);
  return { items: items.map((row) => ({ ...row, isPublished: row.isPublished === 1 })), outcomes };
}

/** Of the given ids, those that are no ledger item / no outcome. */
export function missingItemIds(db: Db, ids: readonly number[]): number[] {
  const exists = statement<[number], { id: number }>(db, 'SELECT id FROM rectification_items WHERE id = ?');
  return ids.filter((id) => !exists.get(id));
}
export function missingOutcomeIds(db: Db, ids: readonly number[]): number[] {
  const exists = statement<[number], { id: number }>(db, 'SELECT id FROM item_outcomes WHERE id = ?');
  return ids.filter((id) => !exists.get(id));
}

/** What a post may link to: every ledger item with its outcomes (the 办公室 cannot open the ledger). */
export interface LinkOption {
  id: number;
  code: string;
  title: string;
  isPublished: boolean;
  outcomes: { id: number; title: string }[];
}
export function listLinkOptions(db: Db): LinkOption[] {
  const items = statement<[], { id: number; code: string; title: string; isPublished: 0 | 1 }>(
    db,
    'SELECT id, code, title, is_published AS isPublished FROM rectification_items ORDER BY sort_order, code',
  ).all();
  const outcomes = statement<[], { id: number; itemId: number; title: string }>(
    db,
    'SELECT id, item_id AS itemId, title FROM item_outcomes ORDER BY issued_on, id',
  ).all();
  return items.map((item) => ({
    ...item,
    isPublished: item.isPublished === 1,
    outcomes: outcomes.filter((outcome) => outcome.itemId === item.id).map(({ id, title }) => ({ id, title })),
  }));
}

export interface PostListRow {
  id: number;
  title: string;
  postDate: string;
  state: PostState;
  version: number;
  attachments: number;
  corrections: number;
  updatedAt: string;
}

export function listPosts(db: Db, filter: { state?: PostState | undefined }): PostListRow[] {
  return statement<{ state: string | null }, PostListRow>(
    db,
    `SELECT p.id, p.title, p.post_date AS postDate, p.state, p.version, p.updated_at AS updatedAt,
       (SELECT count(*) FROM post_attachments a WHERE a.post_id = p.id) AS attachments,
       (SELECT count(*) FROM post_versions v WHERE v.post_id = p.id AND v.action = 'correct') AS corrections
     FROM posts p WHERE @state IS NULL OR p.state = @state ORDER BY p.post_date DESC, p.id DESC`,
  ).all({ state: filter.state ?? null });
}

export interface AttachmentRow {
  id: number;
  fileName: string;
  size: number;
  sha256: string;
  createdAt: string;
}

export function listPostAttachments(db: Db, postId: number): AttachmentRow[] {
  return statement<[number], AttachmentRow>(
    db,
    'SELECT id, file_name AS fileName, size, sha256, created_at AS createdAt FROM post_attachments WHERE post_id = ? ORDER BY id',
  ).all(postId);
}

export function insertPostAttachment(
  db: Db,
  row: { postId: number; fileName: string; content: Buffer; sha256: string; createdBy: number | null; at: string },
): number {
  const result = statement(
    db,
    `INSERT INTO post_attachments (post_id, file_name, media_type, size, sha256, content, created_by, created_at)
     VALUES (@postId, @fileName, 'application/pdf', @size, @sha256, @content, @createdBy, @at)`,
  ).run({ ...row, size: row.content.length });
  return Number(result.lastInsertRowid);
}

export function getPostAttachment(db: Db, postId: number, attachmentId: number): (AttachmentRow & { content: Buffer }) | undefined {
  return statement<[number, number], AttachmentRow & { content: Buffer }>(
    db,
    'SELECT id, file_name AS fileName, size, sha256, created_at AS createdAt, content FROM post_attachments WHERE post_id = ? AND id = ?',
  ).get(postId, attachmentId);
}

export function deletePostAttachment(db: Db, attachmentId: number): void {
  statement(db, 'DELETE FROM post_attachments WHERE id = ?').run(attachmentId);
}

/** Touches the post (a new version without a change of its text), e.g. for an attachment. */
export function touchPostRecord(db: Db, id: number, at: string): number {
  return statement<[string, number], { version: number }>(db, 'UPDATE posts SET version = version + 1, updated_at = ? WHERE id = ? RETURNING version').get(at, id)!
    .version;
}
