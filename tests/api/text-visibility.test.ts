// What staff write is either for the submitter or internal, as server/domain/text-visibility.ts
// decides (issue 12, point 1). Every text field of every staff step is written with a marker
// through the admin API; the marker of an internal text must appear in none of the public outputs
// (the tracking API, the plain tracking page, the mails to the submitter, the public snapshot the
// site, feeds and open data are built from), and the marker of a public one where it belongs.
import { describe, expect, it } from 'vitest';
import { buildPublicSnapshot } from '../../db/public-snapshot.ts';
import { FEEDBACK_ACTIONS } from '../../server/domain/feedback-workflow.ts';
import { STEP_TEXT } from '../../server/domain/text-visibility.ts';
import { insertUnit, makeFeedbackSubmission } from '../fixtures/factories.ts';
import { type AdminClient, createStaff, signIn } from '../helpers/admin.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { submitterMailTexts } from '../helpers/mail-texts.ts';
import { withProofOfWork } from '../helpers/proof-of-work.ts';

// Monday 2026-11-23, 10:00 in Shanghai.
const MONDAY = new Date('2026-11-23T02:00:00.000Z');
const DAY = 86_400_000;

interface World {
  t: TestApp;
  office: AdminClient;
  handler: AdminClient;
  school: number;
  /** Moves the clock; staff sign in again (sessions end after 30 idle minutes). */
  advance: (ms: number) => Promise<void>;
}

async function world(): Promise<World> {
  let now = MONDAY;
  const t = await buildTestApp({ now: () => now });
  const school = insertUnit(t.db, { code: 'S01', name: '示例县第一中学' });
  const officeStaff = await createStaff(t.db, { roles: ['office'], now: MONDAY });
  const handlerStaff = await createStaff(t.db, { roles: ['handler'], unitId: school, now: MONDAY });
  const w: World = {
    t,
    school,
    office: await signIn(t, officeStaff, { now: () => now }),
    handler: await signIn(t, handlerStaff, { now: () => now }),
    advance: async (ms) => {
      now = new Date(now.getTime() + ms);
      w.office = await signIn(t, officeStaff, { now: () => now });
      w.handler = await signIn(t, handlerStaff, { now: () => now });
    },
  };
  return w;
}

interface Opinion {
  id: number;
  trackingCode: string;
  secret: string;
}

async function submit(w: World): Promise<Opinion> {
  const response = await w.t.inject({
    method: 'POST',
    url: '/api/feedback',
    payload: await withProofOfWork(makeFeedbackSubmission({ contactEmail: 'parent.visibility@example.com', consentToPublish: true })),
  });
  expect(response.statusCode, response.body).toBe(201);
  const receipt = response.json() as { trackingCode: string; secret: string };
  const { id } = w.t.db.prepare('SELECT id FROM feedback WHERE tracking_code = ?').get(receipt.trackingCode) as { id: number };
  return { id, ...receipt };
}

async function act(w: World, client: AdminClient, opinion: Opinion, slug: string, body: Record<string, unknown> = {}): Promise<void> {
  const { version } = w.t.db.prepare('SELECT version FROM feedback WHERE id = ?').get(opinion.id) as { version: number };
  const response = await client.inject({ method: 'POST', url: `/api/admin/feedback/${opinion.id}/actions/${slug}`, payload: { version, ...body } });
  expect(response.statusCode, `${slug}: ${response.body}`).toBe(200);
}

async function rate(w: World, opinion: Opinion, rating: string): Promise<void> {
  const response = await w.t.inject({ method: 'POST', url: '/api/track/rate', payload: { trackingCode: opinion.trackingCode, secret: opinion.secret, rating } });
  expect(response.statusCode, response.body).toBe(200);
}

/** Everything the public and the submitter can read about these opinions. */
async function publicOutputs(w: World, opinions: Opinion[]): Promise<Record<string, string>> {
  const outputs: Record<string, string> = {};
  for (const opinion of opinions) {
    const credentials = { trackingCode: opinion.trackingCode, secret: opinion.secret };
    const api = await w.t.inject({ method: 'POST', url: '/api/track', payload: credentials });
    expect(api.statusCode).toBe(200);
    outputs[`tracking API ${opinion.trackingCode}`] = api.body;
    const page = await w.t.inject({ method: 'POST', url: '/track/result', payload: new URLSearchParams(credentials).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(page.statusCode).toBe(200);
    outputs[`tracking page ${opinion.trackingCode}`] = page.body;
  }
  outputs['mails to the submitter'] = (await submitterMailTexts(w.t.db, w.t.config)).join('\n');
  outputs['public snapshot'] = JSON.stringify(buildPublicSnapshot(w.t.db, w.t.config.bureau, new Date('2026-12-31T00:00:00Z')));
  return outputs;
}

/** Runs one opinion through every staff step, writing `marker(action, field)` into every text. */
async function everyStep(w: World, marker: (action: string, field: string) => string, notePublic: boolean): Promise<Opinion[]> {
  const choice = { notePublic };
  const main = await submit(w);
  await act(w, w.office, main, 'accept', { note: marker('accept', 'note'), ...choice });
  await act(w, w.office, main, 'assign', { unitId: w.school, note: marker('assign', 'note'), ...choice });
  await act(w, w.handler, main, 'hand-back', { reason: marker('hand_back', 'reason') });
  const other = insertUnit(w.t.db, { name: '示例县第二中学' });
  await act(w, w.office, main, 'assign', { unitId: other });
  await act(w, w.office, main, 'reassign', { unitId: w.school, reason: marker('reassign', 'reason') });
  await act(w, w.office, main, 'extend', { days: 3, reason: marker('extend', 'reason'), ...choice });
  // 督办 only when the reply is due within a working day.
  await w.advance(9 * DAY);
  await act(w, w.office, main, 'urge', { note: marker('urge', 'note') });
  await act(w, w.handler, main, 'draft-reply', { reply: marker('draft_reply', 'reply') });
  await act(w, w.office, main, 'return-reply', { comment: marker('return_reply', 'comment') });
  await act(w, w.handler, main, 'draft-reply', { reply: '经核实，学校已整改。' });
  await act(w, w.office, main, 'approve-reply');
  await rate(w, main, 'dissatisfied');
  await act(w, w.office, main, 'follow-up-reopen', { outcome: marker('follow_up_reopened', 'outcome'), ...choice });
  await act(w, w.handler, main, 'draft-reply', { reply: '重新核实后的答复。' });
  // The reply the submitter reads in the end (the first one was superseded).
  await act(w, w.office, main, 'approve-reply', { reply: marker('approve_reply', 'reply') });
  await rate(w, main, 'dissatisfied');
  await act(w, w.office, main, 'follow-up-explained', { outcome: marker('follow_up_explained', 'outcome'), ...choice });
  await act(w, w.office, main, 'publish', { publicTitle: marker('publish', 'publicTitle'), publicContent: marker('publish', 'publicContent'), publicReply: marker('publish', 'publicReply') });

  const withheld = await submit(w);
  await act(w, w.office, withheld, 'accept');
  await act(w, w.office, withheld, 'assign', { unitId: w.school });
  await act(w, w.handler, withheld, 'draft-reply', { reply: '答复。' });
  await act(w, w.office, withheld, 'approve-reply');
  await act(w, w.office, withheld, 'withhold', { reason: marker('withhold', 'reason') });

  const declined = await submit(w);
  await act(w, w.office, declined, 'reject', { reason: 'out_of_scope', note: marker('reject', 'note') });
  return [main, withheld, declined];
}

/** The outputs a public text must reach (by the start of their names); it must reach no other. */
function whereItBelongs(action: string): string[] {
  if (action === 'publish') return ['public snapshot'];
  if (action === 'approve_reply' || action === 'reject') return ['tracking API', 'tracking page', 'mails to the submitter'];
  return ['tracking API', 'tracking page'];
}

describe('internal and public staff texts', () => {
  const texts = FEEDBACK_ACTIONS.flatMap((action) => STEP_TEXT[action].map((text) => ({ action, ...text })));

  it('covers every text field of every step in the table', () => {
    // The flow below writes each of these; a step added to the workflow must be added here too.
    expect(texts.map((text) => `${text.action}.${text.field}`).sort()).toEqual(
      [
        'accept.note',
        'approve_reply.reply',
        'assign.note',
        'draft_reply.reply',
        'extend.reason',
        'follow_up_explained.outcome',
        'follow_up_reopened.outcome',
        'hand_back.reason',
        'publish.publicContent',
        'publish.publicReply',
        'publish.publicTitle',
        'reassign.reason',
        'reject.note',
        'return_reply.comment',
        'urge.note',
        'withhold.reason',
      ].sort(),
    );
  });

  it.each([
    ['left unticked', false],
    ['ticked 反映人可见', true],
  ])('with the 反映人可见 box %s, internal texts reach no public output and public ones reach theirs', async (_label, notePublic) => {
    const w = await world();
    const marker = (action: string, field: string) => `MARK-${action}-${field}-${notePublic ? 'P' : 'I'}`;
    const outputs = await publicOutputs(w, await everyStep(w, marker, notePublic));
    for (const text of texts) {
      const mark = marker(text.action, text.field);
      const seenIn = Object.keys(outputs).filter((name) => outputs[name]!.includes(mark));
      const isPublic = text.visibility === 'public' || (text.visibility === 'choice' && notePublic);
      if (!isPublic) {
        expect(seenIn, `${text.action}.${text.field} is internal`).toEqual([]);
        continue;
      }
      const belongs = whereItBelongs(text.action);
      for (const output of belongs) {
        expect(seenIn.some((name) => name.startsWith(output)), `${text.action}.${text.field} belongs in ${output}`).toBe(true);
      }
      expect(seenIn.filter((name) => !belongs.some((output) => name.startsWith(output))), `${text.action}.${text.field} only where it belongs`).toEqual([]);
    }
  });

  it('labels each note in the admin timeline as the submitter will see it', async () => {
    const w = await world();
    const opinion = await submit(w);
    await act(w, w.office, opinion, 'accept', { note: '内部：先核实', notePublic: false });
    await act(w, w.office, opinion, 'assign', { unitId: w.school, note: '已转学校办理，请耐心等待', notePublic: true });
    const detail = await w.office.inject({ method: 'GET', url: `/api/admin/feedback/${opinion.id}` });
    const events = (detail.json() as { events: Array<{ action: string; note: string | null; isPublic: boolean; notePublic: boolean }> }).events;
    expect(events.find((event) => event.action === 'accept')).toMatchObject({ note: '内部：先核实', isPublic: true, notePublic: false });
    expect(events.find((event) => event.action === 'assign')).toMatchObject({ note: '已转学校办理，请耐心等待', isPublic: true, notePublic: true });
  });

  it('refuses a 反映人可见 box that is not true or false, in Chinese, and changes nothing', async () => {
    const w = await world();
    const opinion = await submit(w);
    const response = await w.office.inject({ method: 'POST', url: `/api/admin/feedback/${opinion.id}/actions/accept`, payload: { version: 1, note: '说明', notePublic: 'yes' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().fields).toEqual([{ field: 'notePublic', message: '“反映人可见”只能是 true 或 false' }]);
    expect((w.t.db.prepare('SELECT status FROM feedback WHERE id = ?').get(opinion.id) as { status: string }).status).toBe('pending');
    // A step whose text is never the writer's choice takes no such box.
    const reject = await w.office.inject({ method: 'POST', url: `/api/admin/feedback/${opinion.id}/actions/reject`, payload: { version: 1, reason: 'out_of_scope', note: '说明', notePublic: true } });
    expect(reject.statusCode).toBe(400);
  });
});
