// Request bodies for load on POST /api/feedback: each a complete opinion with a solved proof of
// work of its own (the route accepts a challenge once), made with the server's key, issued a minute
// in the past so the minimum time to fill is behind it. Written one JSON per line for the load
// process (tests/bench/post-client.ts).
import { solveChallenge } from 'altcha-lib';
import { deriveKey as deriveShaKey } from 'altcha-lib/algorithms/sha';
import { writeFileSync } from 'node:fs';
import { deriveKey } from '../../server/crypto.ts';
import { issueChallenge, proofOfWorkSecrets } from '../../server/spam/proof-of-work.ts';

export async function writeFeedbackBodies(file: string, count: number, secretKey: Buffer): Promise<void> {
  const secrets = proofOfWorkSecrets(deriveKey({ secretKey }, 'proof-of-work'));
  const issuedAt = new Date(Date.now() - 60_000);
  const lines: string[] = [];
  for (let index = 0; index < count; index++) {
    // A small counter: the server's work does not depend on it (the key signature is checked).
    const challenge = await issueChallenge(secrets, { now: issuedAt, maxCounter: 20 });
    const solution = await solveChallenge({ challenge, deriveKey: deriveShaKey });
    lines.push(
      JSON.stringify({
        role: 'parent',
        category: 'burden',
        title: '周末补课',
        content: `周末补课问题反映（第${index}条）：学校周六上午组织集体补课，每次收费两百元，请核实处理。`,
        anonymous: false,
        contactName: '王女士',
        contactPhone: '13800138000',
        consentToPublish: index % 2 === 0,
        altcha: Buffer.from(JSON.stringify({ challenge, solution })).toString('base64'),
      }),
    );
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}
