// What the admin app shows of one 整改信息: the post, its links, attachments and every version.
import type { Db } from '../../db/open.ts';
import { getPostLinks, getPostRecord, listPostAttachments, listPostVersions, type PostVersionAction } from '../../db/queries/posts.ts';
import { POST_STATE_LABELS } from './post-actions.ts';

export const POST_VERSION_LABELS: Record<PostVersionAction, string> = {
  create: '新建',
  update: '修改草稿',
  publish: '发布',
  correct: '更正',
  withdraw: '撤回',
  attachment_add: '上传附件',
  attachment_remove: '删除附件',
};

export function postView(db: Db, id: number) {
  const record = getPostRecord(db, id);
  if (!record) return null;
  return {
    post: {
      id: record.id,
      version: record.version,
      title: record.title,
      body: record.body,
      postDate: record.post_date,
      state: record.state,
      stateLabel: POST_STATE_LABELS[record.state],
      firstPublishedAt: record.first_published_at,
      createdAt: record.created_at,
      updatedAt: record.updated_at,
    },
    links: getPostLinks(db, id),
    attachments: listPostAttachments(db, id).map(({ id: attachmentId, fileName, size, createdAt }) => ({ id: attachmentId, fileName, size, createdAt })),
    versions: listPostVersions(db, id).map((version) => ({ ...version, actionLabel: POST_VERSION_LABELS[version.action] })),
  };
}
export type PostView = NonNullable<ReturnType<typeof postView>>;
