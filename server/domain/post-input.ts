// 整改信息 bodies as the API accepts them; every message is Chinese and names the field.
import { z } from 'zod';
import { idParam, requiredText } from './admin-input.ts';
import { dateField } from './ledger-input.ts';

export const POST_TITLE_MAX_LENGTH = 200;
export const POST_BODY_MAX_LENGTH = 20000;
export const POST_NOTE_MAX_LENGTH = 500;
export const POST_LINKS_MAX = 20;
/** A PDF attachment: at most 10 MB (the database CHECK says the same). */
export const POST_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const POST_ATTACHMENTS_MAX = 10;

function strict<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `不支持的字段：${issue.keys.join('、')}` : '请求内容必须是一个 JSON 对象'),
  });
}

const version = z.number({ error: (issue) => (issue.input === undefined ? '缺少版本号，请刷新后重试' : '版本号必须是数字') }).int().positive();

function idList(label: string) {
  return z
    .array(idParam(label), { error: `${label}应为编号列表` })
    .max(POST_LINKS_MAX, { error: `${label}最多 ${POST_LINKS_MAX} 个` });
}

const contentShape = {
  title: requiredText('标题', POST_TITLE_MAX_LENGTH),
  body: requiredText('正文', POST_BODY_MAX_LENGTH),
  postDate: dateField('发布日期'),
  itemIds: idList('关联整改事项').optional(),
  outcomeIds: idList('关联制度成果').optional(),
};

export const postCreateSchema = strict(contentShape);
export type PostCreateInput = z.output<typeof postCreateSchema>;

/** A draft's edit: any of the fields, and the version it saw. */
export const postUpdateSchema = strict({
  version,
  title: contentShape.title.optional(),
  body: contentShape.body.optional(),
  postDate: contentShape.postDate.optional(),
  itemIds: contentShape.itemIds,
  outcomeIds: contentShape.outcomeIds,
});
export type PostUpdateInput = z.output<typeof postUpdateSchema>;

/** A published post's correction: the new text and the public 更正说明. */
export const postCorrectSchema = postUpdateSchema.extend({ note: requiredText('更正说明', POST_NOTE_MAX_LENGTH) });
export type PostCorrectInput = z.output<typeof postCorrectSchema>;

export const postPublishSchema = strict({ version });
export const postWithdrawSchema = strict({ version, reason: requiredText('撤回理由', POST_NOTE_MAX_LENGTH) });
export type PostWithdrawInput = z.output<typeof postWithdrawSchema>;

export const postPreviewSchema = strict({ body: z.string({ error: '正文必须是文字' }).max(POST_BODY_MAX_LENGTH, { error: `正文不能超过 ${POST_BODY_MAX_LENGTH} 个字` }) });

export const postListQuerySchema = z.strictObject(
  { state: z.enum(['draft', 'published', 'withdrawn'], { error: '状态只能是草稿、已发布或已撤回' }).optional() },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `不支持的查询参数：${issue.keys.join('、')}` : '查询参数有误') },
);

/** '%PDF-' at the start: what makes a file a PDF here, whatever its name or declared type. */
export function isPdf(content: Buffer): boolean {
  return content.length >= 5 && content.subarray(0, 5).toString('latin1') === '%PDF-';
}
