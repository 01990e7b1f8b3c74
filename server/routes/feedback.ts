// The opinion form's API: a proof-of-work challenge to solve, and the submission itself. Spam
// defences, cheapest first: per-address limit (429), honeypot (a decoy 201, nothing stored),
// proof of work solved, not too fast, not expired, used once (400 on field "altcha").
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { clientAddressHasher } from '../client-address.ts';
import { feedbackSubmissionShape, submissionRules } from '../domain/feedback-input.ts';
import { checkProofOfWork, issueChallenge, MAX_PAYLOAD_LENGTH, PROOF_OF_WORK_MESSAGES } from '../spam/proof-of-work.ts';
import { RequestValidationError, type ZodTypeProvider } from '../zod-provider.ts';
import { answerAction } from '../plugins/action-answer.ts';
import { errorResponse } from '../plugins/error-response.ts';
import { decoyReceipt, HONEYPOT_FIELD, honeypotFilled, storeFeedback } from '../actions/feedback-intake.ts';

const submittedResponse = z.object({
  trackingCode: z.string(),
  secret: z.string(),
  status: z.literal('pending'),
  statusLabel: z.string(),
  submittedAt: z.string(),
  replyDueBy: z.string(),
  trackingUrl: z.string(),
  trackingQrSvg: z.string(),
});

const challengeResponse = z.object({
  parameters: z.record(z.string(), z.unknown()),
  signature: z.string().optional(),
});

/** The form's fields, the solved challenge (base64, as altcha sends it) and the honeypot. */
export const feedbackRequestSchema = z
  .strictObject(
    {
      ...feedbackSubmissionShape,
      altcha: z.string({ error: '安全校验数据格式不正确，请刷新页面后重新提交' }).max(MAX_PAYLOAD_LENGTH, { error: '安全校验数据格式不正确，请刷新页面后重新提交' }).optional(),
      [HONEYPOT_FIELD]: z.unknown().optional(),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys' ? `不支持的字段：${(issue as { keys: string[] }).keys.join('、')}` : '请求内容必须是一个 JSON 对象',
    },
  )
  .superRefine(submissionRules);

export interface FeedbackRoutesOptions {
  rateLimitPerHour: number;
  now?: () => Date;
}

export const feedbackRoutes: FastifyPluginAsync<FeedbackRoutesOptions> = async (app, options) => {
  const now = options.now ?? (() => new Date());
  const hashIp = clientAddressHasher(app.db);
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get(
    '/api/feedback/challenge',
    {
      schema: { response: { 200: challengeResponse } },
      // Solving takes a second; nobody needs many. A generous limit still stops a challenge farm.
      config: { rateLimit: { max: options.rateLimitPerHour * 10, timeWindow: '1 hour' } },
    },
    async () => {
      const challenge = await issueChallenge(app.proofOfWork.secrets, { now: now(), maxCounter: app.proofOfWork.maxCounter });
      return { parameters: { ...challenge.parameters }, signature: challenge.signature };
    },
  );

  routes.post(
    '/api/feedback',
    {
      schema: { body: feedbackRequestSchema, response: { 201: submittedResponse, 400: errorResponse } },
      config: { rateLimit: { max: options.rateLimitPerHour, timeWindow: '1 hour' } },
    },
    async (request, reply) => {
      const at = now();
      const { altcha, [HONEYPOT_FIELD]: honeypot, ...input } = request.body;
      if (honeypotFilled(honeypot)) {
        request.log.info('honeypot filled; the opinion was dropped with a decoy answer');
        return reply.code(201).send(await decoyReceipt(app, at));
      }
      const proof = checkProofOfWork(app.proofOfWork.secrets, altcha, { now: at });
      if (!proof.ok) throw new RequestValidationError([{ field: 'altcha', message: PROOF_OF_WORK_MESSAGES[proof.problem] }]);
      const result = await storeFeedback(app, input, { now: at, ipHash: hashIp(request.ip), needsScreening: false, proofOfWork: proof });
      return answerAction(reply, result, (receipt) => receipt, 201);
    },
  );
};
