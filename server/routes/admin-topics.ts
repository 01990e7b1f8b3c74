// 群众点题 in the admin app: campaigns and the decision on each nomination (办公室; the 系统管理员
// reads). Each route is schemas plus one call.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { getCampaign, listCampaigns, listNominations, type NominationRow } from '../../db/queries/topics.ts';
import { idParam } from '../domain/admin-input.ts';
import { bureauDate } from '../domain/bureau-time.ts';
import * as topics from '../actions/topic-actions.ts';
import { campaignSchema, nominationDecisionSchema } from '../domain/topic-input.ts';
import { campaignCounts, isCampaignOpen, NOMINATION_DECISION_LABELS } from '../domain/topic-rules.ts';
import type { ZodTypeProvider } from '../zod-provider.ts';
import { answerPublicAction } from '../plugins/action-answer.ts';
import { errorResponse } from '../plugins/error-response.ts';

export interface AdminTopicRoutesOptions {
  now?: () => Date;
  hashIp: (ip: string) => string;
}

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
const campaignParams = z.strictObject({ id: idParam('活动编号') });
const campaignView = z.object({
  id: z.number(),
  theme: z.string(),
  description: z.string(),
  opensOn: z.string(),
  closesOn: z.string(),
  isOpen: z.boolean(),
  counts: z.object({ nominations: z.number(), adopted: z.number(), completed: z.number(), notAdopted: z.number(), pending: z.number() }),
});
/** The admin app's types of these answers are derived from the schemas (site/src/islands/admin). */
export type CampaignView = z.infer<typeof campaignView>;
export type NominationView = z.infer<typeof nominationView>;

const nominationView = z.object({
  feedbackId: z.number(),
  trackingCode: z.string(),
  content: z.string(),
  decision: z.enum(['pending', 'adopted', 'not_adopted']),
  decisionLabel: z.string(),
  publicReason: z.string(),
  decidedAt: z.string().nullable(),
  item: z.object({ id: z.number(), code: z.string(), title: z.string() }).nullable(),
});

function nominationOf(row: NominationRow): z.infer<typeof nominationView> {
  return {
    feedbackId: row.feedbackId,
    trackingCode: row.trackingCode,
    content: row.content,
    decision: row.decision,
    decisionLabel: NOMINATION_DECISION_LABELS[row.decision],
    publicReason: row.publicReason,
    decidedAt: row.decidedAt,
    item: row.itemId === null ? null : { id: row.itemId, code: row.itemCode!, title: row.itemTitle! },
  };
}

export const adminTopicRoutes: FastifyPluginAsync<AdminTopicRoutesOptions> = async (app, options) => {
  const now = options.now ?? (() => new Date());
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const editors = app.requireStaff(...topics.TOPIC_EDITOR_ROLES);
  const readers = app.requireStaff(...topics.TOPIC_READER_ROLES);
  const context = (request: FastifyRequest) => ({ now: now(), ipHash: options.hashIp(request.ip) });

  routes.get('/api/admin/topic-campaigns', { onRequest: readers, schema: { response: { 200: z.object({ campaigns: z.array(campaignView) }), ...errors } } }, async () => {
    const today = bureauDate(now());
    const nominations = listNominations(app.db, null);
    return {
      campaigns: listCampaigns(app.db).map(({ createdAt: _createdAt, ...campaign }) => ({
        ...campaign,
        isOpen: isCampaignOpen(campaign, today),
        counts: campaignCounts(nominations.filter((row) => row.campaignId === campaign.id)),
      })),
    };
  });

  routes.post('/api/admin/topic-campaigns', { onRequest: editors, schema: { body: campaignSchema, response: { 201: z.object({ id: z.number() }), ...errors } } }, async (request, reply) =>
    answerPublicAction(app, reply, topics.createCampaign(app.db, request.staff!, request.body, context(request)), (value) => value, 201),
  );

  routes.get(
    '/api/admin/topic-campaigns/:id',
    { onRequest: readers, schema: { params: campaignParams, response: { 200: z.object({ campaign: campaignView, nominations: z.array(nominationView) }), ...errors } } },
    async (request, reply) => {
      const campaign = getCampaign(app.db, request.params.id);
      if (!campaign) return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: '群众点题活动不存在' });
      const nominations = listNominations(app.db, campaign.id);
      const { createdAt: _createdAt, ...fields } = campaign;
      return { campaign: { ...fields, isOpen: isCampaignOpen(campaign, bureauDate(now())), counts: campaignCounts(nominations) }, nominations: nominations.map(nominationOf) };
    },
  );

  routes.post(
    '/api/admin/topic-campaigns/:id/nominations/:feedbackId/decision',
    {
      onRequest: editors,
      schema: {
        params: z.strictObject({ id: idParam('活动编号'), feedbackId: idParam('意见编号') }),
        body: nominationDecisionSchema,
        response: { 200: z.object({ feedbackId: z.number(), itemId: z.number().nullable(), itemCode: z.string().nullable() }), ...errors },
      },
    },
    async (request, reply) => answerPublicAction(app, reply, topics.decideNomination(app.db, request.staff!, request.params.id, request.params.feedbackId, request.body, context(request)), (value) => value),
  );
};
