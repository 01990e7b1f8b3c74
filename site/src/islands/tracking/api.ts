// The tracking page's calls: look up, rate, withdraw; each answers with the opinion's public view
// or a Chinese message to show.
import type { TrackingPageView as TrackingView } from '../../../../server/actions/tracking-service.ts';
import { TRACK_API_PATH } from '../../consts.ts';

export type { TrackingView };

export type TrackOutcome = { ok: true; view: TrackingView } | { ok: false; status: number; message: string };

const FALLBACK = '查询没有成功，可能是网络或服务器暂时出现问题，请稍后再试。';

export async function trackRequest(path: '' | '/rate' | '/withdraw', body: Record<string, string>): Promise<TrackOutcome> {
  let response: Response;
  try {
    response = await fetch(`${TRACK_API_PATH}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    return { ok: false, status: 0, message: FALLBACK };
  }
  let json: unknown = null;
  try {
    json = await response.json();
  } catch {
    json = null;
  }
  const record = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  if (response.ok && typeof record.opinion === 'object' && record.opinion !== null) return { ok: true, view: record.opinion as TrackingView };
  const message = typeof record.message === 'string' && record.message ? record.message : FALLBACK;
  return { ok: false, status: response.status, message };
}
