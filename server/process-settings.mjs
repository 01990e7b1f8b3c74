// How the portal's processes run: the V8 flags and allocator settings of the serving process and
// of the rebuild child. Used by scripts/run.mjs (`npm start`, `npm run rebuild`), by
// server/rebuild-child.ts and by the benchmarks that measure them as they run (tests/bench/).
// Plain JavaScript: run.mjs may load it on any Node.

// The serving process trades some speed for a small heap: with V8's default young generation and
// heap growth it goes from ~120 MB to ~190 MB resident under load, with these (and SERVER_ENV)
// to ~130–150 MB (tests/bench/PERFORMANCE.md, "Memory").
// Without --no-allocation-site-pretenuring about one start in six went into a state where V8 had
// decided that the objects of every request live long and made them in the old generation: a full
// collection every 50–90 ms under load, pages at 0.35–0.55 of the usual rate for as long as the
// process ran (tests/bench/PERFORMANCE.md, Serving, "A slow state of the serving process").
// --no-memory-reducer: under --optimize-for-size, V8's memory reducer (made for idle browser tabs)
// kept starting collections that shrink the heap while the server was busy: it cost the serving
// process 15–20% of its rate of pages from memory, and the peaks under load stayed within a few
// MB without it (tests/bench/PERFORMANCE.md, Serving, "the memory reducer"). The heap is still held
// small by --optimize-for-size's slower growth; only an idle process no longer shrinks it.
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=1', '--optimize-for-size', '--no-allocation-site-pretenuring', '--no-memory-reducer'];
// glibc's allocator keeps one arena per thread and returns freed memory late: under a burst of
// opinions (sealing, proof of work, mail files on libuv's threads) that left the serving process
// ~20 MB larger. One arena and an early trim keep it under 150 MB at the same throughput (tests/bench/PERFORMANCE.md,
// "Memory"). Only for the server; an operator's own values win.
export const SERVER_ENV = { MALLOC_ARENA_MAX: '1', MALLOC_TRIM_THRESHOLD_: '131072' };

// The rebuild child (scripts/rebuild.ts: the snapshot, Astro's build, the compression). With V8's
// defaults its heap grows far past what the build holds before V8 collects: a bare Astro build of
// 228,251 plain pages peaked at 1,059 MB, with these flags at 433 MB. A small young generation and
// a heap that grows by a fifth at a time (tests/bench/PERFORMANCE.md, "Memory of the rebuild").
export const REBUILD_NODE_FLAGS = ['--max-semi-space-size=1', '--heap-growing-percent=20'];
// Astro's bundler (Rolldown) and its compiler are Rust libraries with mimalloc, which by default
// commits its arenas eagerly and keeps what it freed: after the two Vite builds about 230 MB of the
// child's resident set, for the rest of the build. These return it as it is freed, at no cost in
// time that we could measure. Only for the rebuild child; an operator's own values win.
export const REBUILD_ENV = { MIMALLOC_ARENA_EAGER_COMMIT: '0', MIMALLOC_PURGE_DELAY: '0', MIMALLOC_PURGE_DECOMMITS: '1' };
