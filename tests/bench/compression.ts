// The rebuild's compression step alone (not in `npm run bench`): the pages and files of a built
// site brought back to what Astro wrote (each .gz-only page decompressed, the copies left out),
// then compressed as the rebuild does, with an empty cache (a first build) and again with the
// cache that filled (a night), each round on a fresh copy of the site.
//   node tests/bench/compression.ts <a built site folder, e.g. rebuild-profile.ts's --out> [rounds]
// Run it from two checkouts in turn to compare two versions of server/site-compression.ts.
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
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
  // Written file by file into a new folder, nothing removed: on an ext4 without a journal, files
  // made right after others were removed are slow to make (tests/bench/PERFORMANCE.md, Rebuild),
  // which would be timed in the compression's own writes. For the same reason no round's folder
  // is removed before the end.
  const pristine = join(base, 'pristine');
  for (const entry of readdirSync(source, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name.endsWith('.br')) continue;
    const file = join(entry.parentPath, entry.name);
    const name = relative(source, file);
    const path = name.split(sep).join('/');
    const target = join(pristine, name);
    mkdirSync(dirname(target), { recursive: true });
    if (name.endsWith('.html.gz') || (name.endsWith('.gz') && isOpenDataDownload(path.slice(0, -3)))) {
      writeFileSync(target.slice(0, -3), gunzipSync(readFileSync(file)));
    } else if (!name.endsWith('.gz')) copyFileSync(file, target);
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
    }
    console.log(times.join('; '));
  }
} finally {
  rmSync(base, { recursive: true, force: true });
}
