// 整改信息 in the admin app (办公室 and 台账管理员): list, draft, edit, preview, publish, correct,
// withdraw, PDF attachments. Each route is schemas plus one call.
import type { FastifyError, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { getPostAttachment, listLinkOptions, listPosts } from '../../db/queries/posts.ts';
import { idParam } from '../domain/admin-input.ts';
import * as posts from '../actions/post-actions.ts';
import {
  POST_ATTACHMENT_MAX_BYTES,
  postCorrectSchema,
  postCreateSchema,
  postListQuerySchema,
  postPreviewSchema,
  postPublishSchema,
  postUpdateSchema,
  postWithdrawSchema,
} from '../domain/post-input.ts';
import { postView } from '../actions/post-view.ts';
import type { ZodTypeProvider } from '../zod-provider.ts';
import { answerAction, answerPublicAction } from '../plugins/action-answer.ts';
import { errorResponse } from '../plugins/error-response.ts';
import { uploadedFileName } from '../plugins/uploads.ts';

export interface AdminPostsRoutesOptions {
  now?: () => Date;
  hashIp: (ip: string) => string;
}

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
const idParams = z.strictObject({ id: idParam('信息编号') });
const attachmentParams = z.strictObject({ id: idParam('信息编号'), attachmentId: idParam('附件编号') });
const saved = z.object({ id: z.number(), version: z.number() });
/** Files: sent as they are, never through the JSON serializer. */
const file = z.any();

const listSchema = z.object({
  posts: z.array(
    z.object({
      id: z.number(),
      title: z.string(),
      postDate: z.string(),
      state: z.string(),
      stateLabel: z.string(),
      version: z.number(),
      attachments: z.number(),
      corrections: z.number(),
      updatedAt: z.string(),
    }),
  ),
});
const detailSchema = z.object({
  post: z.object({
    id: z.number(),
    version: z.number(),
    title: z.string(),
    body: z.string(),
    postDate: z.string(),
    state: z.string(),
    stateLabel: z.string(),
    firstPublishedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
  links: z.object({
    items: z.array(z.object({ id: z.number(), code: z.string(), title: z.string(), isPublished: z.boolean() })),
    outcomes: z.array(z.object({ id: z.number(), title: z.string(), itemCode: z.string() })),
  }),
  attachments: z.array(z.object({ id: z.number(), fileName: z.string(), size: z.number(), createdAt: z.string() })),
  versions: z.array(
    z.object({
      version: z.number(),
      action: z.string(),
      actionLabel: z.string(),
      actorName: z.string().nullable(),
      title: z.string(),
      body: z.string(),
      postDate: z.string(),
      note: z.string().nullable(),
      at: z.string(),
    }),
  ),
});
/** The admin app's types of these answers are derived from the schemas (site/src/islands/admin). */
export type PostListView = z.infer<typeof listSchema>['posts'][number];
export type PostLinkOption = z.infer<typeof linkOptionsSchema>['items'][number];

const linkOptionsSchema = z.object({
  items: z.array(z.object({ id: z.number(), code: z.string(), title: z.string(), isPublished: z.boolean(), outcomes: z.array(z.object({ id: z.number(), title: z.string() })) })),
});

export const adminPostsRoutes: FastifyPluginAsync<AdminPostsRoutesOptions> = async (app, options) => {
  const now = options.now ?? (() => new Date());
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const editors = app.requireStaff(...posts.POST_EDITOR_ROLES);
  const context = (request: FastifyRequest) => ({ now: now(), ipHash: options.hashIp(request.ip) });
  const answer = answerAction;

  // Attachments arrive as the file's bytes, like the ledger import (no multipart dependency).
  for (const type of ['application/pdf', 'application/octet-stream']) {
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: POST_ATTACHMENT_MAX_BYTES }, (_request, body, done) => done(null, body));
  }

  routes.get('/api/admin/posts', { onRequest: editors, schema: { querystring: postListQuerySchema, response: { 200: listSchema, ...errors } } }, async (request) => ({
    posts: listPosts(app.db, { state: request.query.state }).map((row) => ({ ...row, stateLabel: posts.POST_STATE_LABELS[row.state] })),
  }));

  routes.post('/api/admin/posts', { onRequest: editors, schema: { body: postCreateSchema, response: { 201: saved, ...errors } } }, async (request, reply) =>
    answer(reply, posts.createPost(app.db, request.staff!, request.body, context(request)), (value) => value, 201),
  );

  routes.get('/api/admin/posts/link-options', { onRequest: editors, schema: { response: { 200: linkOptionsSchema, ...errors } } }, async () => ({
    items: listLinkOptions(app.db),
  }));

  // The same renderer as the site build: what the preview shows is what the page will show. Its
  // Markdown and sanitising packages (about 4 MB resident) load at the first preview, not with the
  // server.
  routes.post(
    '/api/admin/posts/preview',
    { onRequest: editors, schema: { body: postPreviewSchema, response: { 200: z.object({ html: z.string() }), ...errors } } },
    async (request) => {
      const { renderPostMarkdown } = await import('../domain/post-markdown.ts');
      return { html: renderPostMarkdown(request.body.body) };
    },
  );

  routes.get('/api/admin/posts/:id', { onRequest: editors, schema: { params: idParams, response: { 200: detailSchema, ...errors } } }, async (request, reply) => {
    const view = postView(app.db, request.params.id);
    if (!view) return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: '整改信息不存在' });
    return view;
  });

  routes.patch('/api/admin/posts/:id', { onRequest: editors, schema: { params: idParams, body: postUpdateSchema, response: { 200: saved, ...errors } } }, async (request, reply) =>
    answer(reply, posts.updatePost(app.db, request.staff!, request.params.id, request.body, context(request)), (value) => value),
  );

  routes.post(
    '/api/admin/posts/:id/publish',
    { onRequest: editors, schema: { params: idParams, body: postPublishSchema, response: { 200: saved, ...errors } } },
    async (request, reply) => answerPublicAction(app, reply, posts.publishPost(app.db, request.staff!, request.params.id, request.body, context(request)), (value) => value),
  );

  routes.post(
    '/api/admin/posts/:id/correct',
    { onRequest: editors, schema: { params: idParams, body: postCorrectSchema, response: { 200: saved, ...errors } } },
    async (request, reply) => answerPublicAction(app, reply, posts.correctPost(app.db, request.staff!, request.params.id, request.body, context(request)), (value) => value),
  );

  routes.post(
    '/api/admin/posts/:id/withdraw',
    { onRequest: editors, schema: { params: idParams, body: postWithdrawSchema, response: { 200: saved, ...errors } } },
    async (request, reply) => answerPublicAction(app, reply, posts.withdrawPost(app.db, request.staff!, request.params.id, request.body, context(request)), (value) => value),
  );

  routes.post(
    '/api/admin/posts/:id/attachments',
    {
      onRequest: editors,
      bodyLimit: POST_ATTACHMENT_MAX_BYTES,
      schema: { params: idParams, response: { 201: saved.extend({ attachmentId: z.number() }), 413: errorResponse, 415: errorResponse, ...errors } },
      errorHandler: (error: FastifyError, _request, reply) => {
        if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
          return reply.code(413).send({ statusCode: 413, error: 'Payload Too Large', message: `附件不能超过 ${POST_ATTACHMENT_MAX_BYTES / 1024 / 1024} MB` });
        }
        throw error;
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
        return reply.code(400).send({
          statusCode: 400,
          error: 'Bad Request',
          message: '没有收到文件。请以 application/pdf 上传 PDF 文件内容，文件名放在 x-file-name 头（URL 编码）。',
          fields: [{ field: 'file', message: '没有收到文件' }],
        });
      }
      const upload = { fileName: uploadedFileName(request), content: request.body };
      return answer(reply, posts.addPostAttachment(app.db, request.staff!, request.params.id, upload, context(request)), (value) => value, 201);
    },
  );

  // Staff look at an attachment before it is published; the public copy is a file of the site.
  routes.get(
    '/api/admin/posts/:id/attachments/:attachmentId',
    { onRequest: editors, schema: { params: attachmentParams, response: { 200: file, ...errors } } },
    async (request, reply) => {
      const attachment = getPostAttachment(app.db, request.params.id, request.params.attachmentId);
      if (!attachment) return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: '附件不存在' });
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="attachment-${attachment.id}.pdf"; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`)
        .send(attachment.content);
    },
  );

  routes.post(
    '/api/admin/posts/:id/attachments/:attachmentId/remove',
    { onRequest: editors, schema: { params: attachmentParams, response: { 200: saved, ...errors } } },
    async (request, reply) =>
      answer(reply, posts.removePostAttachment(app.db, request.staff!, request.params.id, request.params.attachmentId, context(request)), (value) => value),
  );
};
