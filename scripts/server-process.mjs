// How the serving process runs: its V8 flags and allocator settings. Used by scripts/run.mjs
// (`npm start`) and by the benchmarks that measure the server as it runs (tests/bench/). Plain
// JavaScript: run.mjs may load it on any Node.

// The serving process trades some speed for a small heap: with V8's default young generation and
// heap growth it goes from ~120 MB to ~190 MB resident under load, with these (and SERVER_ENV)
// to ~130–150 MB (tests/bench/PERFORMANCE.md, "Memory"). Site builds run in a child process with the default flags.
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=1', '--optimize-for-size'];
// glibc's allocator keeps one arena per thread and returns freed memory late: under a burst of
// opinions (sealing, proof of work, mail files on libuv's threads) that left the serving process
// ~20 MB larger. One arena and an early trim keep it under 150 MB at the same throughput (tests/bench/PERFORMANCE.md,
// "Memory"). Only for the server; an operator's own values win.
export const SERVER_ENV = { MALLOC_ARENA_MAX: '1', MALLOC_TRIM_THRESHOLD_: '131072' };
