// Posting the opinion to the API and reading its answer into something the form can show.
import { FEEDBACK_API_PATH } from '../../consts.ts';
import { type FeedbackRequest, type FieldErrors, isFieldName } from './form-model.ts';

export interface Receipt {
  trackingCode: string;
  secret: string;
  statusLabel: string;
  submittedAt: string;
  /** YYYY-MM-DD, '' when the answer had none. */
  replyDueBy: string;
  /** The tracking page with code and secret in the fragment; '' when the answer had none. */
  trackingUrl: string;
  /** That link as an SVG QR code drawn by the server; '' when the answer had none. */
  trackingQrSvg: string;
}

export type SubmitOutcome =
  | { kind: 'created'; receipt: Receipt }
  | { kind: 'invalid'; message: string; fieldErrors: FieldErrors; otherMessages: string[]; proofOfWork: boolean }
  | { kind: 'failed'; message: string };

const REQUEST_TIMEOUT_MS = 30_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isReceipt(value: unknown): value is Receipt {
  return isRecord(value) && typeof value.trackingCode === 'string' && value.trackingCode.length > 0 && typeof value.secret === 'string' && value.secret.length > 0;
}

async function readJson(response: Response): Promise<unknown> {
  try {
    const body: unknown = await response.json();
    return body;
  } catch {
    return null;
  }
}

export function retryMessage(bureauPhone: string): string {
  const phone = bureauPhone ? `，或拨打 ${bureauPhone} 反映` : '';
  return `提交没有成功，可能是网络或服务器暂时出现问题。您填写的内容仍保留在页面上，请稍后再试${phone}。`;
}

export async function postFeedback(request: FeedbackRequest, bureauPhone: string): Promise<SubmitOutcome> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(FEEDBACK_API_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(request),
      credentials: 'same-origin',
      signal: controller.signal,
    });
  } catch {
    return { kind: 'failed', message: retryMessage(bureauPhone) };
  } finally {
    clearTimeout(timer);
  }

  const body = await readJson(response);
  if (response.status === 201) {
    if (isReceipt(body)) {
      return {
        kind: 'created',
        receipt: {
          trackingCode: body.trackingCode,
          secret: body.secret,
          statusLabel: typeof body.statusLabel === 'string' ? body.statusLabel : '待受理',
          submittedAt: typeof body.submittedAt === 'string' ? body.submittedAt : '',
          replyDueBy: typeof body.replyDueBy === 'string' ? body.replyDueBy : '',
          trackingUrl: typeof body.trackingUrl === 'string' ? body.trackingUrl : '',
          trackingQrSvg: typeof body.trackingQrSvg === 'string' && body.trackingQrSvg.startsWith('<svg') ? body.trackingQrSvg : '',
        },
      };
    }
    // Saved, but the receipt did not arrive intact: say so rather than invite a duplicate.
    const phone = bureauPhone ? `请拨打 ${bureauPhone} ` : '请联系我们';
    return { kind: 'failed', message: `您的意见可能已经提交，但页面没能显示查询码。为免重复提交，${phone}核实。` };
  }
  if (response.status === 400) {
    const message = isRecord(body) && typeof body.message === 'string' && body.message ? body.message : '提交的内容有误，请修改后再提交。';
    const fieldErrors: FieldErrors = {};
    const otherMessages: string[] = [];
    let proofOfWork = false;
    if (isRecord(body) && Array.isArray(body.fields)) {
      for (const entry of body.fields as unknown[]) {
        if (!isRecord(entry) || typeof entry.message !== 'string') continue;
        const field = typeof entry.field === 'string' ? entry.field : '';
        if (field === 'altcha') proofOfWork = true;
        if (isFieldName(field) && !fieldErrors[field]) fieldErrors[field] = entry.message;
        else otherMessages.push(entry.message);
      }
    }
    return { kind: 'invalid', message, fieldErrors, otherMessages, proofOfWork };
  }
  if (response.status === 413) return { kind: 'failed', message: '提交的内容过长，请精简意见内容后再提交。' };
  if (response.status === 429) {
    const message = isRecord(body) && typeof body.message === 'string' && body.message ? body.message : '';
    return { kind: 'failed', message: message || '提交过于频繁，请稍后再试。' };
  }
  return { kind: 'failed', message: retryMessage(bureauPhone) };
}
