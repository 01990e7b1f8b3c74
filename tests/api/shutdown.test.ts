// Stopping the server (SIGTERM from systemd) while opinions are being sent: every opinion gets
// either a 201 that is kept or no answer at all and nothing stored; never an acknowledgement
// that is then lost.
import { TEST_SECRET_KEY } from '../helpers/secret-key.ts';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { makeFeedbackSubmission } from '../fixtures/factories.ts';
import { openConnection } from '../helpers/raw-http.ts';
import { startServerProcess } from '../helpers/server-process.ts';
import { tempDirForTest } from '../helpers/temp.ts';
import { withProofOfWork } from '../helpers/proof-of-work.ts';

function storedTrackingCodes(dataDir: string): string[] {
  const db = new Database(loadConfig({ SECRET_KEY: TEST_SECRET_KEY, DATA_DIR: dataDir }).databasePath, { readonly: true });
  try {
    return (db.prepare('SELECT tracking_code FROM feedback ORDER BY tracking_code').all() as { tracking_code: string }[]).map((row) => row.tracking_code);
  } finally {
    db.close();
  }
}

describe('graceful stop', { timeout: 60_000 }, () => {
  it('finishes an opinion still uploading at SIGTERM, keeps it, refuses new clients and exits 0', async () => {
    const dataDir = tempDirForTest();
    // Request and shutdown log lines on standard output: the test waits for them, not for time.
    const server = startServerProcess('server/main.ts', { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', LOG_FORMAT: 'json' });
    const port = await server.ready();
    const body = Buffer.from(JSON.stringify(await withProofOfWork(makeFeedbackSubmission())));
    const head = `POST /api/feedback HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const upload = openConnection(port, Buffer.concat([Buffer.from(head), body.subarray(0, 40)]), { waitMs: 20_000 });
    await server.waitFor(/"url":"\/api\/feedback".*"msg":"incoming request"/);

    // systemd signals every process of the service and run.mjs forwards it: two SIGTERMs.
    server.child.kill('SIGTERM');
    await server.waitFor(/"msg":"shutting down"/);
    server.child.kill('SIGTERM');
    // The server logs nothing when its listening socket closes: poll for the refusal, bounded.
    await expect
      .poll(() => fetch(`http://127.0.0.1:${port}/api/health`).then(() => 'answered', () => 'refused'), { timeout: 10_000, interval: 20 })
      .toBe('refused');
    upload.write(body.subarray(40));

    const response = await upload.response;
    expect(response.status).toBe(201);
    const { trackingCode } = JSON.parse(response.body) as { trackingCode: string };
    expect(await server.exited).toBe(0);
    expect(storedTrackingCodes(dataDir)).toEqual([trackingCode]);
  });

  it('never loses an acknowledgement when SIGTERM comes in the middle of many submissions', async () => {
    const dataDir = tempDirForTest();
    const server = startServerProcess('server/main.ts', { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', FEEDBACK_RATE_LIMIT_PER_HOUR: '100000' });
    const port = await server.ready();
    const answers: { status: number; body: string }[] = [];
    const failures: string[] = [];
    // SIGTERM goes once the server has acknowledged a few opinions, so that it lands mid-stream.
    let someAnswered!: () => void;
    const fewAnswered = new Promise<void>((resolve) => (someAnswered = resolve));
    // Eight clients post one opinion after another until the server stops taking connections.
    const client = async () => {
      for (;;) {
        try {
          const response = await fetch(`http://127.0.0.1:${port}/api/feedback`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(await withProofOfWork(makeFeedbackSubmission())),
          });
          answers.push({ status: response.status, body: await response.text() });
          if (answers.length >= 8) someAnswered();
        } catch (error) {
          failures.push(String((error as { cause?: { code?: string } }).cause?.code ?? error));
          return;
        }
      }
    };
    const clients = Array.from({ length: 8 }, client);
    await fewAnswered;
    server.child.kill('SIGTERM');
    await Promise.all(clients);
    expect(await server.exited).toBe(0);

    const acknowledged = answers.filter((answer) => answer.status === 201).map((answer) => (JSON.parse(answer.body) as { trackingCode: string }).trackingCode);
    expect(acknowledged.length).toBeGreaterThan(0);
    // Every answer that came was a 201; the other clients got no answer (refused or closed).
    expect(answers.filter((answer) => answer.status !== 201)).toEqual([]);
    expect(failures).toHaveLength(8);
    // Exactly the acknowledged opinions are stored: none lost, none stored without an answer.
    expect(storedTrackingCodes(dataDir)).toEqual([...acknowledged].sort());
  });
});
