// The load generator, run as its own process so that it does not share an event loop with the
// server it measures: autocannon POSTs the bodies of a file (one JSON per line, each used once, in
// order, from line <offset>) to a URL and prints its result as JSON. Usage:
//   node tests/bench/post-client.ts <url> <bodies.jsonl> <connections> <seconds> [offset]
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';

const [url, file, connections, seconds, offset] = process.argv.slice(2);
if (!url || !file) throw new Error('usage: node tests/bench/post-client.ts <url> <bodies.jsonl> <connections> <seconds>');
const bodies = readFileSync(file, 'utf8').split('\n').filter(Boolean);
const first = Number(offset ?? 0);
let next = first;

const result = await autocannon({
  url,
  connections: Number(connections ?? 20),
  duration: Number(seconds ?? 10),
  requests: [
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      setupRequest: (request) => {
        // Out of bodies: stop sending rather than replay a spent challenge.
        if (next >= bodies.length) return { ...request, body: '{}' };
        return { ...request, body: bodies[next++] };
      },
    },
  ],
});
process.stdout.write(`${JSON.stringify({ requests: result.requests, latency: result.latency, non2xx: result.non2xx, errors: result.errors, sent: next - first, total: result.requests.total })}\n`);
