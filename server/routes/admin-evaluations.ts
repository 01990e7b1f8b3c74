// 第三方评估 in the admin app: rounds, their suggestions and the decision on each (办公室 or
// 台账管理员; the 系统管理员 reads). Each route is schemas plus one call.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { getEvaluationRound, listEvaluationRounds, listSuggestions, type SuggestionRow } from '../../db/queries/evaluations.ts';
import { idParam } from '../domain/admin-input.ts';
import * as evaluations from '../actions/evaluation-actions.ts';
import { evaluationRoundSchema, suggestionDecisionSchema, suggestionSchema } from '../domain/evaluation-input.ts';
import { evaluationCounts } from '../domain/evaluation-rules.ts';
import { ITEM_STATUS_LABELS, ITEM_STATUSES, SUGGESTION_DECISION_LABELS, SUGGESTION_DECISIONS } from '../domain/vocabulary.ts';
import type { ZodTypeProvider } from '../zod-provider.ts';
import { answerPublicAction } from '../plugins/action-answer.ts';
import { errorResponse } from '../plugins/error-response.ts';

export interface AdminEvaluationRoutesOptions {
  now?: () => Date;
  hashIp: (ip: string) => string;
}

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
const roundParams = z.strictObject({ id: idParam('评估编号') });
const countsSchema = z.object({ suggested: z.number(), adopted: z.number(), implemented: z.number(), notAdopted: z.number(), pending: z.number() });
const roundSchema = z.object({
  id: z.number(),
  title: z.string(),
  evaluators: z.string(),
  method: z.string(),
  startedOn: z.string(),
  endedOn: z.string().nullable(),
  summary: z.string(),
  isPublished: z.boolean(),
  updatedAt: z.string(),
  counts: countsSchema,
});
/** The admin app's types of these answers are derived from the schemas (site/src/islands/admin). */
export type EvaluationRoundView = z.infer<typeof roundSchema>;
export type SuggestionView = z.infer<typeof suggestionView>;

const suggestionView = z.object({
  id: z.number(),
  position: z.number(),
  content: z.string(),
  decision: z.enum(SUGGESTION_DECISIONS),
  decisionLabel: z.string(),
  reason: z.string(),
  decidedAt: z.string().nullable(),
  item: z.object({ id: z.number(), code: z.string(), title: z.string(), status: z.enum(ITEM_STATUSES), statusLabel: z.string(), isPublished: z.boolean() }).nullable(),
});

function suggestionOf(row: SuggestionRow): z.infer<typeof suggestionView> {
  return {
    id: row.id,
    position: row.position,
    content: row.content,
    decision: row.decision,
    decisionLabel: SUGGESTION_DECISION_LABELS[row.decision],
    reason: row.reason,
    decidedAt: row.decidedAt,
    item:
      row.itemId === null
        ? null
        : { id: row.itemId, code: row.itemCode!, title: row.itemTitle!, status: row.itemStatus!, statusLabel: ITEM_STATUS_LABELS[row.itemStatus!], isPublished: row.itemIsPublished },
  };
}

export const adminEvaluationRoutes: FastifyPluginAsync<AdminEvaluationRoutesOptions> = async (app, options) => {
  const now = options.now ?? (() => new Date());
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const editors = app.requireStaff(...evaluations.EVALUATION_EDITOR_ROLES);
  const readers = app.requireStaff(...evaluations.EVALUATION_READER_ROLES);
  const context = (request: FastifyRequest) => ({ now: now(), ipHash: options.hashIp(request.ip) });

  routes.get('/api/admin/evaluations', { onRequest: readers, schema: { response: { 200: z.object({ rounds: z.array(roundSchema) }), ...errors } } }, async () => {
    const suggestions = listSuggestions(app.db, null);
    return {
      rounds: listEvaluationRounds(app.db).map((round) => ({ ...round, counts: evaluationCounts(suggestions.filter((row) => row.roundId === round.id)) })),
    };
  });

  routes.post('/api/admin/evaluations', { onRequest: editors, schema: { body: evaluationRoundSchema, response: { 201: z.object({ id: z.number() }), ...errors } } }, async (request, reply) =>
    answerPublicAction(app, reply, evaluations.createEvaluationRound(app.db, request.staff!, request.body, context(request)), (value) => value, 201),
  );

  routes.get(
    '/api/admin/evaluations/:id',
    { onRequest: readers, schema: { params: roundParams, response: { 200: z.object({ round: roundSchema, suggestions: z.array(suggestionView) }), ...errors } } },
    async (request, reply) => {
      const round = getEvaluationRound(app.db, request.params.id);
      if (!round) return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: '评估不存在' });
      const suggestions = listSuggestions(app.db, round.id);
      return { round: { ...round, counts: evaluationCounts(suggestions) }, suggestions: suggestions.map(suggestionOf) };
    },
  );

  routes.post(
    '/api/admin/evaluations/:id/suggestions',
    { onRequest: editors, schema: { params: roundParams, body: suggestionSchema, response: { 201: z.object({ id: z.number() }), ...errors } } },
    async (request, reply) => answerPublicAction(app, reply, evaluations.addSuggestion(app.db, request.staff!, request.params.id, request.body, context(request)), (value) => value, 201),
  );

  routes.post(
    '/api/admin/evaluations/:id/suggestions/:suggestionId/decision',
    {
      onRequest: editors,
      schema: {
        params: z.strictObject({ id: idParam('评估编号'), suggestionId: idParam('建议编号') }),
        body: suggestionDecisionSchema,
        response: { 200: z.object({ id: z.number(), itemId: z.number().nullable(), itemCode: z.string().nullable() }), ...errors },
      },
    },
    async (request, reply) =>
      answerPublicAction(app, reply, evaluations.decideSuggestion(app.db, request.staff!, request.params.id, request.params.suggestionId, request.body, context(request)), (value) => value),
  );

  for (const [path, published] of [['publish', true], ['withdraw', false]] as const) {
    routes.post(
      `/api/admin/evaluations/:id/${path}`,
      { onRequest: editors, schema: { params: roundParams, response: { 200: z.object({ id: z.number() }), ...errors } } },
      async (request, reply) => answerPublicAction(app, reply, evaluations.publishEvaluationRound(app.db, request.staff!, request.params.id, published, context(request)), (value) => value),
    );
  }
};
