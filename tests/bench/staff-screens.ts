// Staff screens at scale (issue 18, point 3): `npm run bench -- --scale 1000000` or
// `node tests/bench/staff-screens.ts --scale N` (default 1,000,000 opinions and as many audit
// entries). The fixture (tests/bench/scale-fixture.ts) is written once into a temporary file, or
// kept in BENCH_SCALE_DB=<file> and reused. The server runs in its own process
// (staff-screens-server.ts); this process sends the requests one after another over loopback and
// prints each screen's p50 and p90 beside the bare baseline of the same run (a Fastify route
// answering one indexed row of the same file) and the ratio. Only 200 answers are timed: a screen
// with any other answer prints its failures and no figure. Prints figures; not a timed test.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../../db/open.ts';
import { scaleOf, seedAudit, seedFeedback, seedStaff, seedUnits } from './scale-fixture.ts';

const OPINIONS = scaleOf(process.argv, 1_000_000);
const AUDIT_ENTRIES = OPINIONS;
const RUNS = 40;
const WARM_UP = 5;

const dir = mkdtempSync(join(tmpdir(), 'portal-bench-screens-'));
const file = process.env.BENCH_SCALE_DB ?? join(dir, 'portal.db');

function prepareFixture(): number {
  const reuse = existsSync(file);
  const db = openDatabase(file);
  try {
    if (reuse) {
      console.log(`reusing ${file}: ${db.prepare('SELECT count(*) FROM feedback').pluck().get()} opinions, ${db.prepare('SELECT count(*) FROM audit_log').pluck().get()} audit entries`);
    } else {
      const started = performance.now();
      db.pragma('synchronous = OFF');
      const units = seedUnits(db);
      const staff = seedStaff(db);
      const events = seedFeedback(db, units, staff, OPINIONS);
      seedAudit(db, AUDIT_ENTRIES, staff);
      db.pragma('synchronous = FULL');
      db.pragma('wal_checkpoint(TRUNCATE)');
      console.log(
        `generated ${OPINIONS.toLocaleString('en')} opinions, ${events.toLocaleString('en')} events and ${AUDIT_ENTRIES.toLocaleString('en')} audit entries ` +
          `in ${((performance.now() - started) / 1000).toFixed(0)} s, file ${(statSync(file).size / 1024 / 1024).toFixed(0)} MB`,
      );
    }
    // The 经办人 of the unit with the most opinions (the heaviest scope).
    return db.prepare<[], number>('SELECT assigned_unit_id FROM feedback WHERE assigned_unit_id IS NOT NULL GROUP BY assigned_unit_id ORDER BY count(*) DESC LIMIT 1').pluck().get()!;
  } finally {
    db.close();
  }
}

interface Figures {
  p50: number;
  p90: number;
  failures: string[];
}

async function measure(url: string, cookie?: string): Promise<Figures> {
  const times: number[] = [];
  const failures: string[] = [];
  for (let run = 0; run < WARM_UP + RUNS; run++) {
    const started = performance.now();
    const response = await fetch(url, { headers: cookie ? { cookie } : {} });
    const body = await response.text();
    const ms = performance.now() - started;
    if (response.status !== 200) failures.push(`${response.status} ${body.slice(0, 120)}`);
    else if (run >= WARM_UP) times.push(ms);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length * 0.5)] ?? NaN, p90: times[Math.floor(times.length * 0.9)] ?? NaN, failures };
}

try {
  console.log(`Staff screens over HTTP: ${OPINIONS.toLocaleString('en')} opinions, ${AUDIT_ENTRIES.toLocaleString('en')} audit entries; ${RUNS} sequential requests per screen after ${WARM_UP} warm-up; Node ${process.version}`);
  const handlerUnit = prepareFixture();
  const child = spawn(process.execPath, [join(import.meta.dirname, 'staff-screens-server.ts'), file, String(handlerUnit)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  try {
    const first = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`the server process exited with ${code}`)));
    });
    const { appPort, barePort, sessions } = JSON.parse(first) as { appPort: number; barePort: number; sessions: Record<string, string> };
    const api = `http://127.0.0.1:${appPort}/api/admin`;
    const baseline = await measure(`http://127.0.0.1:${barePort}/`);
    const line = (name: string, figures: Figures) => {
      if (figures.failures.length > 0) {
        console.log(`${name.padEnd(58)} FAILED ${figures.failures.length} of ${WARM_UP + RUNS} requests, no figure: ${figures.failures[0]}`);
        return;
      }
      const ratio = name.startsWith('baseline') ? '' : `  ×${(figures.p50 / baseline.p50).toFixed(1)} baseline`;
      console.log(`${name.padEnd(58)} p50 ${figures.p50.toFixed(1).padStart(7)} ms  p90 ${figures.p90.toFixed(1).padStart(7)} ms${ratio}`);
    };
    line('baseline: bare Fastify, one row by id (same file)', baseline);
    const screens: [string, string, string][] = [
      ['dashboard (办公室)', '/dashboard', 'office'],
      ['dashboard (经办人, largest unit)', '/dashboard', 'handler'],
      ['inbox, first page (办公室)', '/feedback', 'office'],
      ['inbox, page 500 (办公室, offset)', '/feedback?page=500', 'office'],
      ['inbox, first page (经办人, largest unit)', '/feedback', 'handler'],
      ['inbox: state 待受理', '/feedback?state=pending', 'office'],
      ['inbox: state 已答复', '/feedback?state=replied', 'office'],
      ['inbox: state 已撤回', '/feedback?state=withdrawn', 'office'],
      ['inbox: unit', `/feedback?unitId=${handlerUnit}`, 'office'],
      ['inbox: category', '/feedback?category=safety', 'office'],
      ['inbox: role', '/feedback?role=other', 'office'],
      ['inbox: overdue', '/feedback?overdue=true', 'office'],
      ['inbox: due soon', '/feedback?dueSoon=true', 'office'],
      ['inbox: screening', '/feedback?screening=true', 'office'],
      ['inbox: follow-up', '/feedback?followUp=true', 'office'],
      ['inbox: one month submitted', '/feedback?from=2026-10-01&to=2026-10-31', 'office'],
      ['inbox: state + category + role', '/feedback?state=replied&category=fees&role=teacher', 'office'],
      ['search 4 characters (食堂饭菜, ~4%)', `/feedback?q=${encodeURIComponent('食堂饭菜')}`, 'office'],
      ['search a school (第17学校, ~2.5%)', `/feedback?q=${encodeURIComponent('第17学校')}`, 'office'],
      ['search rare (宿舍热水, ~1‰)', `/feedback?q=${encodeURIComponent('宿舍热水')}`, 'office'],
      ['search a tracking code', `/feedback?q=${encodeURIComponent('-LFLS')}`, 'office'],
      ['search 2 characters (食堂, LIKE, capped count)', `/feedback?q=${encodeURIComponent('食堂')}`, 'office'],
      ['search, 经办人', `/feedback?q=${encodeURIComponent('食堂饭菜')}`, 'handler'],
      ['audit log, first page', '/audit', 'sysadmin'],
      ['audit log: action feedback.*', '/audit?action=feedback', 'sysadmin'],
      ['audit log: one action, one month', '/audit?action=login.failed&from=2026-10-01&to=2026-10-31', 'sysadmin'],
      ['audit log: object type', '/audit?objectType=user', 'sysadmin'],
    ];
    for (const [name, path, role] of screens) line(name, await measure(`${api}${path}`, sessions[role]));
    // Keyset: the page after the 500th, from the cursor chain's own answer.
    let cursor: string | null = null;
    for (let page = 1; page <= 3; page++) {
      const response: Response = await fetch(`${api}/feedback${cursor ? `?after=${cursor}` : ''}`, { headers: { cookie: sessions.office! } });
      cursor = ((await response.json()) as { nextCursor: string | null }).nextCursor;
    }
    if (cursor) line('inbox, keyset page (after= cursor)', await measure(`${api}/feedback?after=${cursor}`, sessions.office));
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
} finally {
  if (!process.env.BENCH_SCALE_DB) rmSync(dir, { recursive: true, force: true });
}
