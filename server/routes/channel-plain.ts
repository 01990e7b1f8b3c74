// The opinion channel without JavaScript: the form posts here as application/x-www-form-urlencoded
// and gets an HTML page back (the receipt with the code and secret, or the form's errors); the
// tracking page's form does the same for looking up, rating and withdrawing. Such opinions carry
// no proof of work, so they are accepted under a stricter per-address limit and marked for
// screening in the admin inbox. Every answer is a page in the site's frame, with the same
// security headers as everything else and Cache-Control: no-store.
import formbody from '@fastify/formbody';
import type { FastifyError, FastifyPluginAsync, FastifyReply } from 'fastify';
import { clientAddressHasher } from '../client-address.ts';
import { feedbackSubmissionSchema } from '../domain/feedback-input.ts';
import { trackingLookupSchema, trackingRateSchema } from '../domain/tracking-input.ts';
import { formErrorsPage, messagePage, type Page, receiptPage, trackingNotFoundPage, trackingResultPage } from '../pages/channel-pages.ts';
import { loadShell, renderPage, type ShellSection } from '../pages/shell.ts';
import { isStorageFull, STORAGE_FULL_MESSAGE, STORAGE_FULL_RETRY_AFTER_SECONDS } from '../storage.ts';
import { fieldErrors } from '../zod-provider.ts';
import { decoyReceipt, HONEYPOT_FIELD, honeypotFilled, storeFeedback } from '../actions/feedback-intake.ts';
import { lookUp, rate, type TrackingResult, withdraw } from '../actions/tracking-service.ts';
import { refusalStatus } from '../plugins/action-answer.ts';
import { refused } from '../domain/action-result.ts';

export interface PlainChannelRoutesOptions {
  /** The built site's folder, for the page frame; null: a plain frame. */
  siteDir: string | null;
  plainFormRateLimitPerHour: number;
  guard: (ip: string, trackingCode: string) => { message: string; retryAfterSeconds: number } | null;
  now?: () => Date;
}

type FormBody = Record<string, string | string[] | undefined>;

/** A form field's value: the first one if the field was sent twice, undefined if absent. */
function field(body: FormBody, name: string): string | undefined {
  const value = body[name];
  return Array.isArray(value) ? value[0] : value;
}

const checked = (body: FormBody, name: string) => {
  const value = field(body, name);
  return value !== undefined && value !== '' && value !== 'false';
};

/**
 * The form's fields as the API's body. Without JavaScript the page cannot clear what it hides: an
 * anonymous opinion drops any contact details typed before the box was ticked, and "under 14"
 * counts only for a student.
 */
export function plainFormSubmission(body: FormBody): Record<string, unknown> {
  const anonymous = checked(body, 'anonymous');
  const role = field(body, 'role');
  const submission: Record<string, unknown> = {
    role,
    category: field(body, 'category'),
    title: field(body, 'title'),
    content: field(body, 'content'),
    itemCode: field(body, 'itemCode'),
    unitCode: field(body, 'unitCode'),
    // A 群众点题 campaign's form page renders it as a hidden field, so the preset needs no script.
    campaign: field(body, 'campaign'),
    anonymous,
    consentToPublish: checked(body, 'consentToPublish'),
    isUnder14: role === 'student' && checked(body, 'isUnder14'),
  };
  if (!anonymous) {
    submission.contactName = field(body, 'contactName');
    submission.contactPhone = field(body, 'contactPhone');
    submission.contactEmail = field(body, 'contactEmail');
  }
  return Object.fromEntries(Object.entries(submission).filter(([, value]) => value !== undefined));
}

const FRAMEWORK_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: '提交的内容过长，请精简后再提交。',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: '不支持这种提交方式，请在网站的表单中填写后提交。',
};

export const plainChannelRoutes: FastifyPluginAsync<PlainChannelRoutesOptions> = async (app, options) => {
  const now = options.now ?? (() => new Date());
  const hashIp = clientAddressHasher(app.db);
  // Registered inside this plugin only: the JSON API keeps answering 415 to form bodies.
  await app.register(formbody);

  const send = (reply: FastifyReply, status: number, section: ShellSection, page: Page) =>
    reply
      .code(status)
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(renderPage(loadShell(options.siteDir, section), page.title, page.content));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const section: ShellSection = request.url.startsWith('/track') ? 'track' : 'feedback';
    const back = section === 'track' ? { href: '/track/', label: '返回查询页' } : { href: '/feedback/', label: '返回留言页' };
    const status = error.statusCode ?? 500;
    if (status === 429) return send(reply, 429, section, messagePage('操作过于频繁', error.message, back));
    if (status >= 400 && status < 500) {
      const message = (error.code && FRAMEWORK_MESSAGES[error.code]) ?? '提交的内容有误，请返回检查后重试。';
      return send(reply, status, section, messagePage('提交没有成功', message, back));
    }
    if (isStorageFull(error)) {
      request.log.error({ err: error, method: request.method, url: request.routeOptions.url }, 'write failed: the disk is full; free space in the data folder');
      app.storage.recordFull();
      reply.header('retry-after', String(STORAGE_FULL_RETRY_AFTER_SECONDS));
      return send(reply, 503, section, messagePage('提交没有成功', `${STORAGE_FULL_MESSAGE}。`, back));
    }
    request.log.error({ err: error, method: request.method, url: request.routeOptions.url }, 'request failed');
    return send(reply, 500, section, messagePage('提交没有成功', '服务器暂时出现问题，请稍后再试；如有急事请致电教育局。', back));
  });

  app.post<{ Body: FormBody }>(
    '/feedback/submit',
    { config: { rateLimit: { max: options.plainFormRateLimitPerHour, timeWindow: '1 hour' } } },
    async (request, reply) => {
      const at = now();
      const body: FormBody = request.body && typeof request.body === 'object' ? request.body : {};
      if (honeypotFilled(field(body, HONEYPOT_FIELD) || undefined)) {
        request.log.info('honeypot filled; the opinion was dropped with a decoy answer');
        return send(reply, 200, 'feedback', receiptPage(await decoyReceipt(app, at), { screened: true }));
      }
      const parsed = feedbackSubmissionSchema.safeParse(plainFormSubmission(body));
      if (!parsed.success) return send(reply, 400, 'feedback', formErrorsPage(fieldErrors(parsed.error)));
      const result = await storeFeedback(app, parsed.data, { now: at, ipHash: hashIp(request.ip), needsScreening: true, proofOfWork: null });
      if (!result.ok) return send(reply, refusalStatus(result), 'feedback', formErrorsPage([{ field: result.field ?? '', message: result.message }]));
      return send(reply, 200, 'feedback', receiptPage(result.value, { screened: true }));
    },
  );

  /** Runs one tracking step from a form post and answers with the result page. */
  const trackingStep = (
    path: string,
    parse: (body: FormBody) => { ok: true; credentials: { trackingCode: string; secret: string }; run: (at: Date) => TrackingResult; notice: string } | { ok: false; message: string },
  ) =>
    app.post<{ Body: FormBody }>(path, async (request, reply) => {
      const body: FormBody = request.body && typeof request.body === 'object' ? request.body : {};
      const parsed = parse(body);
      if (!parsed.ok) return send(reply, 400, 'track', trackingNotFoundPage(parsed.message, field(body, 'trackingCode') ?? ''));
      const limited = options.guard(request.ip, parsed.credentials.trackingCode);
      if (limited) {
        reply.header('retry-after', String(limited.retryAfterSeconds));
        return send(reply, 429, 'track', messagePage('操作过于频繁', limited.message, { href: '/track/', label: '返回查询页' }));
      }
      const result = parsed.run(now());
      if (result.ok) return send(reply, 200, 'track', trackingResultPage(result.value, parsed.credentials, parsed.notice || null, null));
      const status = refusalStatus(result);
      if (result.error === 'not_found') return send(reply, status, 'track', trackingNotFoundPage(result.message, parsed.credentials.trackingCode));
      if (result.current) return send(reply, status, 'track', trackingResultPage(result.current, parsed.credentials, null, result.message));
      return send(reply, status, 'track', messagePage('操作没有成功', result.message, { href: '/track/', label: '返回查询页' }));
    });

  const credentialsOf = (body: FormBody) => trackingLookupSchema.safeParse({ trackingCode: field(body, 'trackingCode'), secret: field(body, 'secret') });
  const firstMessage = (error: Parameters<typeof fieldErrors>[0]) => fieldErrors(error)[0]?.message ?? '查询码或查询密码不正确，请核对后重试';

  trackingStep('/track/result', (body) => {
    const parsed = credentialsOf(body);
    if (!parsed.success) return { ok: false, message: firstMessage(parsed.error) };
    return { ok: true, credentials: parsed.data, run: (at) => lookUp(app, parsed.data, at), notice: '' };
  });

  trackingStep('/track/rate', (body) => {
    const comment = field(body, 'comment');
    const parsed = trackingRateSchema.safeParse({
      trackingCode: field(body, 'trackingCode'),
      secret: field(body, 'secret'),
      rating: field(body, 'rating'),
      ...(comment ? { comment } : {}),
    });
    if (!parsed.success) {
      // A missing choice is shown with the opinion, not as a failed look-up.
      const credentials = credentialsOf(body);
      if (!credentials.success) return { ok: false, message: firstMessage(credentials.error) };
      const message = firstMessage(parsed.error);
      return { ok: true, credentials: credentials.data, run: (at) => withProblem(lookUp(app, credentials.data, at), message), notice: '' };
    }
    return { ok: true, credentials: parsed.data, run: (at) => rate(app, parsed.data, at), notice: '感谢您的评价！' };
  });

  trackingStep('/track/withdraw', (body) => {
    const parsed = credentialsOf(body);
    if (!parsed.success) return { ok: false, message: firstMessage(parsed.error) };
    if (!checked(body, 'confirm')) {
      return { ok: true, credentials: parsed.data, run: (at) => withProblem(lookUp(app, parsed.data, at), '请勾选“我确认撤回这条意见”后再撤回'), notice: '' };
    }
    return { ok: true, credentials: parsed.data, run: (at) => withdraw(app, parsed.data, at), notice: '这条意见已撤回，不再办理。' };
  });
};

/** A found opinion shown with a problem (409) instead of the result of a step. */
function withProblem(result: TrackingResult, message: string): TrackingResult {
  return result.ok ? refused('conflict', message, { current: result.value }) : result;
}
