// 整改信息's named actions. Each one checks the role, then in one transaction checks the state,
// writes the post, a version row (the post as it is after the change) and the audit entry.
// A published post is never edited in place: it is corrected (更正), with a public note, and the
// earlier text stays in its versions; or withdrawn, with a reason that stays inside.
import { createHash } from 'node:crypto';
import type { Db } from '../../db/open.ts';
import { recordAudit } from '../../db/queries/audit.ts';
import {
  deletePostAttachment,
  getPostRecord,
  insertPostAttachment,
  insertPostRecord,
  insertPostVersion,
  listPostAttachments,
  missingItemIds,
  missingOutcomeIds,
  type PostContent,
  type PostRecord,
  type PostState,
  type PostVersionAction,
  setPostLinks,
  touchPostRecord,
  updatePostRecord,
} from '../../db/queries/posts.ts';
import type { LedgerContext, LedgerResult } from './ledger-writes.ts';
import {
  isPdf,
  POST_ATTACHMENT_MAX_BYTES,
  POST_ATTACHMENTS_MAX,
  type PostCorrectInput,
  type PostCreateInput,
  type PostUpdateInput,
  type PostWithdrawInput,
} from '../domain/post-input.ts';
import { hasRole, type StaffRole, type StaffUser } from '../domain/staff.ts';

export type PostResult<T = { id: number; version: number }> = LedgerResult<T>;
export type PostContext = LedgerContext;

/** The 办公室 and the 台账管理员 write 整改信息. */
export const POST_EDITOR_ROLES: readonly StaffRole[] = ['office', 'ledger'];
export const POST_STATE_LABELS: Record<PostState, string> = { draft: '草稿', published: '已发布', withdrawn: '已撤回' };

const FORBIDDEN = { ok: false, error: 'forbidden', message: '只有办公室或台账管理员可以编辑整改信息' } as const;
const NOT_FOUND = { ok: false, error: 'not_found', message: '整改信息不存在' } as const;
const STALE = { ok: false, error: 'conflict', message: '该信息刚刚已被他人修改，请刷新后再试' } as const;

function conflict(message: string) {
  return { ok: false, error: 'conflict', message } as const;
}
function invalid(field: string, message: string) {
  return { ok: false, error: 'invalid', field, message } as const;
}

function audit(db: Db, actor: StaffUser, context: PostContext, postId: number, action: string, details: Record<string, unknown>, reason?: string): void {
  recordAudit(db, {
    actorKind: 'user',
    actorUserId: actor.id,
    objectType: 'post',
    objectId: postId,
    action,
    reason: reason ?? null,
    details,
    ipHash: context.ipHash ?? null,
    at: context.now.toISOString(),
  });
}

/** The links named must exist (a missing one is named at its field). */
function linkProblem(db: Db, input: { itemIds?: number[] | undefined; outcomeIds?: number[] | undefined }) {
  const items = missingItemIds(db, input.itemIds ?? []);
  if (items.length > 0) return invalid('itemIds', `关联整改事项不存在：${items.join('、')}`);
  const outcomes = missingOutcomeIds(db, input.outcomeIds ?? []);
  if (outcomes.length > 0) return invalid('outcomeIds', `关联制度成果不存在：${outcomes.join('、')}`);
  return null;
}

function contentOf(record: PostRecord): PostContent {
  return { title: record.title, body: record.body, postDate: record.post_date };
}

interface Change {
  record: PostRecord;
  content: PostContent;
  state: PostState;
  action: PostVersionAction;
  note: string | null;
  at: string;
  actor: StaffUser;
}

function saveChange(connection: Db, { record, content, state, action, note, at, actor }: Change): number {
  const firstPublishedAt = record.first_published_at ?? (state === 'published' ? at : null);
  const version = updatePostRecord(connection, record.id, { ...content, state, firstPublishedAt }, at);
  insertPostVersion(connection, { postId: record.id, version, action, actorUserId: actor.id, content, note, at });
  return version;
}

function inTransaction<T>(connection: Db, work: () => T): T {
  return connection.transaction(work).immediate();
}

/** Finds the post and checks the version the person saw. */
function load(connection: Db, id: number, version?: number): PostRecord | typeof NOT_FOUND | typeof STALE {
  const record = getPostRecord(connection, id);
  if (!record) return NOT_FOUND;
  if (version !== undefined && record.version !== version) return STALE;
  return record;
}

function isRecord(value: PostRecord | { ok: false }): value is PostRecord {
  return !('ok' in value);
}

function changedContent(record: PostRecord, input: PostUpdateInput): PostContent {
  return { title: input.title ?? record.title, body: input.body ?? record.body, postDate: input.postDate ?? record.post_date };
}

export function createPost(connection: Db, actor: StaffUser, input: PostCreateInput, context: PostContext): PostResult {
  if (!hasRole(actor, ...POST_EDITOR_ROLES)) return FORBIDDEN;
  const at = context.now.toISOString();
  return inTransaction(connection, (): PostResult => {
    const problem = linkProblem(connection, input);
    if (problem) return problem;
    const content = { title: input.title, body: input.body, postDate: input.postDate };
    const id = insertPostRecord(connection, content, actor.id, at);
    setPostLinks(connection, id, input.itemIds ?? [], input.outcomeIds ?? []);
    insertPostVersion(connection, { postId: id, version: 1, action: 'create', actorUserId: actor.id, content, note: null, at });
    audit(connection, actor, context, id, 'post.create', { title: input.title });
    return { ok: true, value: { id, version: 1 } };
  });
}

/** A draft (or a withdrawn post) is edited in place; a published one must be corrected. */
export function updatePost(connection: Db, actor: StaffUser, id: number, input: PostUpdateInput, context: PostContext): PostResult {
  if (!hasRole(actor, ...POST_EDITOR_ROLES)) return FORBIDDEN;
  const at = context.now.toISOString();
  return inTransaction(connection, (): PostResult => {
    const record = load(connection, id, input.version);
    if (!isRecord(record)) return record;
    if (record.state === 'published') return conflict('已发布的信息不能直接修改，请使用“更正”并写明更正说明');
    const problem = linkProblem(connection, input);
    if (problem) return problem;
    const content = changedContent(record, input);
    if (input.itemIds || input.outcomeIds) setPostLinks(connection, id, input.itemIds ?? [], input.outcomeIds ?? []);
    const version = saveChange(connection, { record, content, state: record.state, action: 'update', note: null, at, actor });
    audit(connection, actor, context, id, 'post.update', { title: content.title });
    return { ok: true, value: { id, version } };
  });
}

export function publishPost(connection: Db, actor: StaffUser, id: number, input: { version: number }, context: PostContext): PostResult {
  if (!hasRole(actor, ...POST_EDITOR_ROLES)) return FORBIDDEN;
  const at = context.now.toISOString();
  return inTransaction(connection, (): PostResult => {
    const record = load(connection, id, input.version);
    if (!isRecord(record)) return record;
    if (record.state === 'published') return conflict('该信息已经发布');
    const version = saveChange(connection, { record, content: contentOf(record), state: 'published', action: 'publish', note: null, at, actor });
    audit(connection, actor, context, id, 'post.publish', { title: record.title, republished: record.state === 'withdrawn' });
    return { ok: true, value: { id, version } };
  });
}

/** 更正: a published post gets new text; the note is shown with it and the old text is kept. */
export function correctPost(connection: Db, actor: StaffUser, id: number, input: PostCorrectInput, context: PostContext): PostResult {
  if (!hasRole(actor, ...POST_EDITOR_ROLES)) return FORBIDDEN;
  const at = context.now.toISOString();
  return inTransaction(connection, (): PostResult => {
    const record = load(connection, id, input.version);
    if (!isRecord(record)) return record;
    if (record.state !== 'published') return conflict('只有已发布的信息需要更正；草稿请直接修改');
    const problem = linkProblem(connection, input);
    if (problem) return problem;
    const content = changedContent(record, input);
    const linksChanged = input.itemIds !== undefined || input.outcomeIds !== undefined;
    if (content.title === record.title && content.body === record.body && content.postDate === record.post_date && !linksChanged) {
      return invalid('body', '更正后的内容与原文相同');
    }
    if (linksChanged) setPostLinks(connection, id, input.itemIds ?? [], input.outcomeIds ?? []);
    const version = saveChange(connection, { record, content, state: 'published', action: 'correct', note: input.note, at, actor });
    audit(connection, actor, context, id, 'post.correct', { title: content.title, previousTitle: record.title }, input.note);
    return { ok: true, value: { id, version } };
  });
}

export function withdrawPost(connection: Db, actor: StaffUser, id: number, input: PostWithdrawInput, context: PostContext): PostResult {
  if (!hasRole(actor, ...POST_EDITOR_ROLES)) return FORBIDDEN;
  const at = context.now.toISOString();
  return inTransaction(connection, (): PostResult => {
    const record = load(connection, id, input.version);
    if (!isRecord(record)) return record;
    if (record.state !== 'published') return conflict('该信息未发布，无需撤回');
    const version = saveChange(connection, { record, content: contentOf(record), state: 'withdrawn', action: 'withdraw', note: input.reason, at, actor });
    audit(connection, actor, context, id, 'post.withdraw', { title: record.title }, input.reason);
    return { ok: true, value: { id, version } };
  });
}

/** A PDF, checked by its first bytes and its size. Only while the post is not published. */
export function addPostAttachment(
  connection: Db,
  actor: StaffUser,
  id: number,
  file: { fileName: string; content: Buffer },
  context: PostContext,
): PostResult<{ id: number; version: number; attachmentId: number }> {
  if (!hasRole(actor, ...POST_EDITOR_ROLES)) return FORBIDDEN;
  if (file.content.length === 0) return invalid('file', '没有收到文件');
  if (file.content.length > POST_ATTACHMENT_MAX_BYTES) return invalid('file', `附件不能超过 ${POST_ATTACHMENT_MAX_BYTES / 1024 / 1024} MB`);
  if (!isPdf(file.content)) return invalid('file', '附件只能是 PDF 文件（文件内容不是 PDF）');
  const fileName = /\.pdf$/i.test(file.fileName) ? file.fileName : `${file.fileName}.pdf`;
  const at = context.now.toISOString();
  return inTransaction(connection, (): PostResult<{ id: number; version: number; attachmentId: number }> => {
    const record = load(connection, id);
    if (!isRecord(record)) return record;
    if (record.state === 'published') return conflict('已发布的信息不能更改附件，请先撤回');
    if (listPostAttachments(connection, id).length >= POST_ATTACHMENTS_MAX) return invalid('file', `每条信息最多 ${POST_ATTACHMENTS_MAX} 个附件`);
    const sha256 = createHash('sha256').update(file.content).digest('hex');
    const attachmentId = insertPostAttachment(connection, { postId: id, fileName, content: file.content, sha256, createdBy: actor.id, at });
    const version = touchPostRecord(connection, id, at);
    insertPostVersion(connection, { postId: id, version, action: 'attachment_add', actorUserId: actor.id, content: contentOf(record), note: fileName, at });
    audit(connection, actor, context, id, 'post.attachment_add', { fileName, size: file.content.length, sha256 });
    return { ok: true, value: { id, version, attachmentId } };
  });
}

export function removePostAttachment(connection: Db, actor: StaffUser, id: number, attachmentId: number, context: PostContext): PostResult {
  if (!hasRole(actor, ...POST_EDITOR_ROLES)) return FORBIDDEN;
  const at = context.now.toISOString();
  return inTransaction(connection, (): PostResult => {
    const record = load(connection, id);
    if (!isRecord(record)) return record;
    const attachment = listPostAttachments(connection, id).find((row) => row.id === attachmentId);
    if (!attachment) return { ok: false, error: 'not_found', message: '附件不存在' };
    if (record.state === 'published') return conflict('已发布的信息不能更改附件，请先撤回');
    deletePostAttachment(connection, attachmentId);
    const version = touchPostRecord(connection, id, at);
    insertPostVersion(connection, { postId: id, version, action: 'attachment_remove', actorUserId: actor.id, content: contentOf(record), note: attachment.fileName, at });
    audit(connection, actor, context, id, 'post.attachment_remove', { fileName: attachment.fileName });
    return { ok: true, value: { id, version } };
  });
}
