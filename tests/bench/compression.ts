// The rebuild's compression step alone (not in `npm run bench`): the pages and files of a built
// site brought back to what Astro wrote (each .gz-only page decompressed, the copies removed),
// then compressed as the rebuild does, with an empty cache (a first build) and again with the
// cache that filled (a night), each round on a fresh copy of the site.
//   node tests/bench/compression.ts <a built site folder, e.g. rebuild-profile.ts's --out> [rounds]
// Run it from two checkouts in turn to compare two versions of server/site-compression.ts.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gunzipSync } from 'node:zlib';
import { isOpenDataDownload, precompressSite } from '../../server/site-compression.ts';

const [source, roundsArgument] = process.argv.slice(2);
if (!source) {
  console.error('usage: node tests/bench/compression.ts <built site folder> [rounds]');
  process.exit(2);
}
const base = mkdtempSync(join(tmpdir(), 'portal-bench-compression-'));
try {
  const pristine = join(base, 'pristine');
  cpSync(source, pristine, { recursive: true });
  for (const name of readdirSync(pristine, { recursive: true }) as string[]) {
    const file = join(pristine, name);
    const path = name.split('\\').join('/');
    if (name.endsWith('.br')) rmSync(file);
    else if (name.endsWith('.html.gz') || (name.endsWith('.gz') && isOpenDataDownload(path.slice(0, -3)))) {
      writeFileSync(file.slice(0, -3), gunzipSync(readFileSync(file)));
      rmSync(file);
    } else if (name.endsWith('.gz')) rmSync(file);
  }
  for (let round = 0; round < Number(roundsArgument ?? 3); round += 1) {
    const cache = join(base, `cache-${round}`);
    const times: string[] = [];
    for (const pass of ['first build (empty cache)', 'a night (the cache filled)']) {
      const dir = join(base, `site-${round}-${times.length}`);
      cpSync(pristine, dir, { recursive: true });
      const started = performance.now();
      const summary = await precompressSite(dir, { cacheDir: cache });
      times.push(`${pass} ${(performance.now() - started).toFixed(0)} ms (${summary.files} files, ${summary.reused} from the cache)`);
      rmSync(dir, { recursive: true, force: true });
    }
    console.log(times.join('; '));
  }
} finally {
  rmSync(base, { recursive: true, force: true });
}
