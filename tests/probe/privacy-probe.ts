// The privacy probe (issue 12, point 5): the checks of tests/api/text-visibility.test.ts and
// tests/api/planted-contact.test.ts run from outside, over HTTP, against a server that is already
// running. It submits opinions with a planted phone number, e-mail and name (solving the form's
// proof of work as a browser does), signs in as a 办公室 and a unit's 经办人, writes a unique
// marker through every text field of every staff step (server/domain/text-visibility.ts), then
// reads what the public can read (the tracking API, the plain tracking page, the public site
// pages) and prints, for each marker, where it was found and whether that is right, and whether
// the planted contact details appear anywhere public. Exits 1 on any finding.
//
// Usage (see tests/README.md):
//   npm run probe:privacy -- --base http://127.0.0.1:4321 \
//     --office office --office-password PASSWORD --handler yizhong --handler-password PASSWORD \
//     (--office-totp-secret BASE32 --handler-totp-secret BASE32 | --totp-command 'npm run -s demo-code -- {user}')
import { execSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { solveChallenge } from 'altcha-lib';
import { deriveKey as deriveShaKey } from 'altcha-lib/algorithms/sha';
import { totpCode } from '../../server/auth/totp.ts';
import { MIN_FILL_MS } from '../../server/domain/feedback-rules.ts';
import { FEEDBACK_ACTIONS } from '../../server/domain/feedback-workflow.ts';
import { STEP_TEXT } from '../../server/domain/text-visibility.ts';

const USAGE = `usage: node tests/probe/privacy-probe.ts --base URL --office USER --office-password PW --handler USER --handler-password PW
       (--office-totp-secret B32 --handler-totp-secret B32 | --totp-command 'npm run -s demo-code -- {user}')
The 经办人 must belong to a unit; the opinions are assigned to it. Exits 1 on any finding.`;

const { values: args } = parseArgs({
  options: {
    base: { type: 'string' },
    office: { type: 'string' },
    'office-password': { type: 'string' },
    'office-totp-secret': { type: 'string' },
    handler: { type: 'string' },
    'handler-password': { type: 'string' },
    'handler-totp-secret': { type: 'string' },
    'totp-command': { type: 'string' },
    help: { type: 'boolean' },
  },
});

function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

class ProbeError extends Error {}

// ---- HTTP: a public visitor, and staff sessions with their cookie and CSRF token ----------------

const base = new URL(args.base ?? 'http://127.0.0.1:4321');
const ORIGIN = base.origin;

async function request(method: string, path: string, options: { json?: unknown; form?: Record<string, string>; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { accept: 'application/json, text/html', ...options.headers };
  let body: string | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  }
  const response = await fetch(new URL(path, base), { method, headers, ...(body === undefined ? {} : { body }), redirect: 'manual' });
  return { status: response.status, text: await response.text(), setCookie: response.headers.getSetCookie() };
}

interface Staff {
  username: string;
  unitId: number | null;
  call(method: string, path: string, json?: unknown): Promise<{ status: number; text: string }>;
}

function codeFor(username: string, secret: string | undefined): string {
  if (secret) return totpCode(secret, new Date());
  const command = args['totp-command'];
  if (!command) throw new ProbeError(`no second factor for ${username}: give --office-totp-secret/--handler-totp-secret or --totp-command`);
  const out = execSync(command.replaceAll('{user}', username), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const code = out.match(/\b\d{6}\b/)?.[0];
  if (!code) throw new ProbeError(`--totp-command printed no six-digit code for ${username}`);
  return code;
}

async function signIn(username: string, password: string, totpSecret: string | undefined): Promise<Staff> {
  let cookie = '';
  let csrf = '';
  const keepCookie = (setCookie: string[]) => {
    const session = setCookie.map((line) => line.split(';', 1)[0]!).find((pair) => pair.startsWith('__Host-zfzg_session='));
    if (session !== undefined) cookie = session;
  };
  const refreshCsrf = async () => {
    const session = await request('GET', '/api/admin/session', { headers: { cookie } });
    csrf = (JSON.parse(session.text) as { csrfToken: string | null }).csrfToken ?? '';
    return JSON.parse(session.text) as { user: { unitId: number | null } | null };
  };
  const login = await request('POST', '/api/admin/login', { json: { username, password }, headers: { origin: ORIGIN } });
  if (login.status !== 200) throw new ProbeError(`sign-in of ${username}: ${login.status} ${login.text}`);
  keepCookie(login.setCookie);
  await refreshCsrf();
  const totp = await request('POST', '/api/admin/login/totp', { json: { code: codeFor(username, totpSecret) }, headers: { origin: ORIGIN, cookie, 'x-csrf-token': csrf } });
  if (totp.status !== 200) throw new ProbeError(`second factor of ${username}: ${totp.status} ${totp.text}`);
  keepCookie(totp.setCookie);
  const session = await refreshCsrf();
  return {
    username,
    unitId: session.user?.unitId ?? null,
    call: async (method, path, json) => {
      const answer = await request(method, path, { ...(json === undefined ? {} : { json }), headers: { origin: ORIGIN, cookie, 'x-csrf-token': csrf } });
      return { status: answer.status, text: answer.text };
    },
  };
}

// ---- The public side: submitting with proof of work, tracking, rating ----------------------------

interface Opinion {
  label: string;
  id: number;
  trackingCode: string;
  secret: string;
}

const planted = (() => {
  const digits = String(randomInt(10 ** 7, 10 ** 8));
  const given = Array.from({ length: 3 }, () => String.fromCodePoint(0x4e00 + randomInt(0, 0x51a0))).join('');
  return { contactName: `欧阳${given}`, contactPhone: `139${digits}`, contactEmail: `probe.${digits}@example.com` };
})();

async function solvedChallenge(): Promise<{ payload: string; receivedAt: number }> {
  const answer = await request('GET', '/api/feedback/challenge');
  if (answer.status !== 200) throw new ProbeError(`GET /api/feedback/challenge: ${answer.status} ${answer.text}`);
  const receivedAt = Date.now();
  const challenge = JSON.parse(answer.text);
  const solution = await solveChallenge({ challenge, deriveKey: deriveShaKey });
  return { payload: Buffer.from(JSON.stringify({ challenge, solution })).toString('base64'), receivedAt };
}

async function submitAll(office: Staff, labels: string[]): Promise<Opinion[]> {
  const solved = await Promise.all(labels.map(() => solvedChallenge()));
  // The server takes a form filled in no faster than a person could (MIN_FILL_MS), as the form waits.
  const wait = Math.max(...solved.map((one) => one.receivedAt + MIN_FILL_MS + 500 - Date.now()));
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  const opinions: Opinion[] = [];
  for (const [index, label] of labels.entries()) {
    const body = {
      role: 'parent',
      category: 'other',
      content: `隐私探测（${label}）：学校周六组织补课，请核实。本条由 privacy-probe 提交，可不予处理。`,
      anonymous: false,
      consentToPublish: true,
      ...planted,
      altcha: solved[index]!.payload,
    };
    const answer = await request('POST', '/api/feedback', { json: body });
    if (answer.status !== 201) throw new ProbeError(`POST /api/feedback: ${answer.status} ${answer.text}`);
    const { trackingCode, secret } = JSON.parse(answer.text) as { trackingCode: string; secret: string };
    const inbox = await office.call('GET', `/api/admin/feedback?q=${encodeURIComponent(trackingCode)}`);
    const id = (JSON.parse(inbox.text) as { items: Array<{ id: number; trackingCode: string }> }).items.find((item) => item.trackingCode === trackingCode)?.id;
    if (id === undefined) throw new ProbeError(`the office does not find ${trackingCode} in the inbox: ${inbox.status} ${inbox.text.slice(0, 200)}`);
    opinions.push({ label, id, trackingCode, secret });
  }
  return opinions;
}

// ---- Staff steps: each writes its marker; a step the server refuses now is reported, not hidden -----

const RUN = randomInt(10 ** 5, 10 ** 6);
interface Marker {
  mark: string;
  action: string;
  field: string;
  isPublic: boolean;
  /** Where a public text must show: the tracking outputs, or the site (after the next rebuild). */
  belongs: 'tracking' | 'site';
  written: boolean;
}
const markers: Marker[] = [];
const refused: string[] = [];

function marker(action: string, field: string, notePublic: boolean): string {
  const text = STEP_TEXT[action as keyof typeof STEP_TEXT]?.find((one) => one.field === field);
  if (!text) throw new ProbeError(`${action}.${field} is not in STEP_TEXT`);
  const isPublic = text.visibility === 'public' || (text.visibility === 'choice' && notePublic);
  const mark = `PROBE${RUN}-${action}-${field}-${notePublic ? 'P' : 'I'}`;
  markers.push({ mark, action, field, isPublic, belongs: action === 'publish' ? 'site' : 'tracking', written: false });
  return mark;
}

async function step(who: Staff, opinion: Opinion, slug: string, body: Record<string, unknown> = {}): Promise<boolean> {
  const detail = await who.call('GET', `/api/admin/feedback/${opinion.id}`);
  const { version } = (JSON.parse(detail.text) as { feedback: { version: number } }).feedback;
  const answer = await who.call('POST', `/api/admin/feedback/${opinion.id}/actions/${slug}`, { version, ...body });
  const written = Object.values(body).filter((value): value is string => typeof value === 'string' && value.startsWith(`PROBE${RUN}-`));
  if (answer.status === 200) {
    for (const mark of written) markers.find((one) => one.mark === mark)!.written = true;
    say(`  ${opinion.label}: ${slug} by ${who.username} … 200`);
    return true;
  }
  refused.push(`${opinion.label}: ${slug} → ${answer.status} ${answer.text.slice(0, 160)}`);
  say(`  ${opinion.label}: ${slug} by ${who.username} … ${answer.status} (refused now; its marker is not counted)`);
  return false;
}

async function rate(opinion: Opinion, rating: string): Promise<void> {
  const answer = await request('POST', '/api/track/rate', { json: { trackingCode: opinion.trackingCode, secret: opinion.secret, rating } });
  say(`  ${opinion.label}: submitter rates ${rating} … ${answer.status}`);
}

/** Every staff step on three opinions, as tests/api/text-visibility.test.ts runs them. */
async function everyStep(office: Staff, handler: Staff, otherUnit: number | null, [main, withheld, declined]: Opinion[], notePublic: boolean): Promise<void> {
  const unitId = handler.unitId;
  const choice = { notePublic };
  const m = (action: string, field: string) => marker(action, field, notePublic);
  await step(office, main!, 'accept', { note: m('accept', 'note'), ...choice });
  await step(office, main!, 'assign', { unitId, note: m('assign', 'note'), ...choice });
  await step(handler, main!, 'hand-back', { reason: m('hand_back', 'reason') });
  if (otherUnit !== null) {
    await step(office, main!, 'assign', { unitId: otherUnit });
    await step(office, main!, 'reassign', { unitId, reason: m('reassign', 'reason') });
  } else {
    await step(office, main!, 'assign', { unitId });
  }
  await step(office, main!, 'extend', { days: 3, reason: m('extend', 'reason'), ...choice });
  // 督办 is taken only when the reply is due within a working day: on a fresh opinion it is refused.
  await step(office, main!, 'urge', { note: m('urge', 'note') });
  await step(handler, main!, 'draft-reply', { reply: m('draft_reply', 'reply') });
  await step(office, main!, 'return-reply', { comment: m('return_reply', 'comment') });
  await step(handler, main!, 'draft-reply', { reply: '经核实，学校已整改。' });
  await step(office, main!, 'approve-reply');
  await rate(main!, 'dissatisfied');
  await step(office, main!, 'follow-up-reopen', { outcome: m('follow_up_reopened', 'outcome'), ...choice });
  await step(handler, main!, 'draft-reply', { reply: '重新核实后的答复。' });
  await step(office, main!, 'approve-reply', { reply: m('approve_reply', 'reply') });
  await rate(main!, 'dissatisfied');
  await step(office, main!, 'follow-up-explained', { outcome: m('follow_up_explained', 'outcome'), ...choice });
  await step(office, main!, 'publish', { publicTitle: m('publish', 'publicTitle'), publicContent: m('publish', 'publicContent'), publicReply: m('publish', 'publicReply') });

  await step(office, withheld!, 'accept');
  await step(office, withheld!, 'assign', { unitId });
  await step(handler, withheld!, 'draft-reply', { reply: '答复。' });
  await step(office, withheld!, 'approve-reply');
  await step(office, withheld!, 'withhold', { reason: m('withhold', 'reason') });

  await step(office, declined!, 'reject', { reason: 'out_of_scope', note: m('reject', 'note') });
}

// ---- What the public can read ----------------------------------------------------------------------

/**
 * Asks for a rebuild as the 办公室 (网站发布, POST /api/admin/site-builds) and waits for it, so that
 * the published texts reach the site, its feeds and open data. False when it could not be done.
 */
async function rebuildSite(office: Staff): Promise<boolean> {
  const started = await office.call('POST', '/api/admin/site-builds');
  if (started.status !== 202) {
    say(`rebuild: not started (${started.status} ${started.text.slice(0, 120)}); the site is read as it is`);
    return false;
  }
  const { id } = (JSON.parse(started.text) as { build: { id: number } }).build;
  say(`rebuild: build ${id} started, waiting for it …`);
  const until = Date.now() + 15 * 60_000;
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const status = JSON.parse((await office.call('GET', '/api/admin/site-builds')).text) as { recent: { id: number; status: string }[] };
    const build = status.recent.find((one) => one.id === id);
    if (build && build.status !== 'running') {
      say(`rebuild: build ${id} ${build.status}`);
      return build.status === 'built';
    }
  }
  say(`rebuild: build ${id} still running after 15 minutes; the site is read as it is`);
  return false;
}

async function publicOutputs(opinions: Opinion[]): Promise<Record<string, string>> {
  const outputs: Record<string, string> = {};
  for (const opinion of opinions) {
    const credentials = { trackingCode: opinion.trackingCode, secret: opinion.secret };
    outputs[`tracking API ${opinion.label}`] = (await request('POST', '/api/track', { json: credentials })).text;
    outputs[`tracking page ${opinion.label}`] = (await request('POST', '/track/result', { form: credentials })).text;
  }
  // The static site as served now (published texts reach it at the next rebuild).
  for (const path of ['/', '/replies/', '/replies/rss.xml', '/opendata/replies.json', '/opendata/replies.csv', '/feedback/', '/track/', '/privacy/']) {
    const answer = await request('GET', path);
    if (answer.status === 200) outputs[`site ${path}`] = answer.text;
  }
  return outputs;
}

async function main(): Promise<number> {
  if (args.help) {
    say(USAGE);
    return 0;
  }
  for (const required of ['office', 'office-password', 'handler', 'handler-password'] as const) {
    if (!args[required]) throw new ProbeError(`--${required} is missing\n${USAGE}`);
  }
  say(`privacy probe against ${ORIGIN} (run ${RUN})`);
  say(`planted contact: ${planted.contactName} / ${planted.contactPhone} / ${planted.contactEmail}`);
  const office = await signIn(args.office!, args['office-password']!, args['office-totp-secret']);
  const handler = await signIn(args.handler!, args['handler-password']!, args['handler-totp-secret']);
  if (handler.unitId === null) throw new ProbeError(`${handler.username} belongs to no unit: give a 经办人 of a unit`);
  const units = JSON.parse((await office.call('GET', '/api/admin/units')).text) as { units: Array<{ id: number; active?: boolean }> };
  const otherUnit = units.units.find((unit) => unit.id !== handler.unitId && unit.active !== false)?.id ?? null;
  say(`signed in: ${office.username} (办公室), ${handler.username} (经办人 of unit ${handler.unitId})`);

  const opinions: Opinion[] = [];
  for (const notePublic of [false, true]) {
    const tag = notePublic ? 'P' : 'I';
    const batch = await submitAll(office, [`main-${tag}`, `withheld-${tag}`, `declined-${tag}`]);
    opinions.push(...batch);
    say(`steps with the 反映人可见 box ${notePublic ? 'ticked' : 'left unticked'}:`);
    await everyStep(office, handler, otherUnit, batch, notePublic);
  }

  const rebuilt = await rebuildSite(office);
  const outputs = await publicOutputs(opinions);
  const findings: string[] = [];
  say('');
  say('markers:');
  const every = FEEDBACK_ACTIONS.flatMap((action) => STEP_TEXT[action].map((text) => `${action}.${text.field}`));
  for (const one of markers) {
    const seenIn = Object.keys(outputs).filter((name) => outputs[name]!.includes(one.mark));
    let verdict: string;
    if (!one.written) verdict = 'not written (step refused)';
    else if (!one.isPublic) verdict = seenIn.length === 0 ? 'ok (internal, found nowhere public)' : 'LEAK (internal text in public output)';
    else if (one.belongs === 'site' && seenIn.some((name) => !name.startsWith('site '))) verdict = 'WRONG (site text in tracking output)';
    else if (one.belongs === 'site' && !rebuilt) verdict = 'ok (public on the site after the next rebuild; not rebuilt here)';
    else if (one.belongs === 'site') verdict = seenIn.length > 0 ? `ok (public, on the site)` : 'MISSING from the rebuilt site';
    else {
      const missing = ['tracking API', 'tracking page'].filter((output) => !seenIn.some((name) => name.startsWith(output)));
      verdict = missing.length === 0 ? 'ok (public, shown to the submitter)' : `MISSING from ${missing.join(', ')}`;
    }
    if (/^(LEAK|WRONG|MISSING)/.test(verdict)) findings.push(`${one.mark}: ${verdict}`);
    say(`  ${one.mark.padEnd(48)} ${one.isPublic ? 'public  ' : 'internal'} found in: ${seenIn.join(', ') || '—'} → ${verdict}`);
  }
  const untried = every.filter((key) => !markers.some((one) => one.written && `${one.action}.${one.field}` === key));

  say('');
  say('planted contact details in public outputs:');
  for (const [field, value] of Object.entries(planted)) {
    const seenIn = Object.keys(outputs).filter((name) => outputs[name]!.includes(value));
    say(`  ${field.padEnd(13)} ${seenIn.length === 0 ? 'found nowhere public → ok' : `LEAK in ${seenIn.join(', ')}`}`);
    if (seenIn.length > 0) findings.push(`${field} in ${seenIn.join(', ')}`);
  }

  say('');
  say(`summary: ${markers.filter((one) => one.written).length} markers written through ${every.length - untried.length} of ${every.length} text fields, ${Object.keys(outputs).length} public outputs read, ${findings.length} finding(s)`);
  if (untried.length > 0) say(`not tried (the server refused the step now): ${untried.join(', ')}`);
  for (const line of refused) say(`  refused: ${line}`);
  for (const finding of findings) say(`FINDING: ${finding}`);
  if (findings.length > 0) return 1;
  // A probe that could write nothing has checked nothing: not a pass.
  if (markers.every((one) => !one.written)) {
    say('no marker could be written: nothing was checked');
    return 2;
  }
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  process.stderr.write(`${error instanceof ProbeError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 2;
}
