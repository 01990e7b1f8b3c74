// A fixed-window counter per key, for limits that several routes share (the tracking page's JSON
// and plain-HTML routes count together, per client address and per tracking code). The
// @fastify/rate-limit plugin keeps one counter per route and runs only one limit per request,
// which cannot express "per code, across routes" beside "per address".
export interface WindowLimiter {
  /** Counts one request for `key`; says whether it is allowed and, if not, when to try again. */
  hit(key: string, nowMs: number): { allowed: boolean; retryAfterSeconds: number };
}

export function createWindowLimiter(options: { max: number; windowMs: number; maxKeys?: number }): WindowLimiter {
  const maxKeys = options.maxKeys ?? 10_000;
  // Insertion order is window-start order, so the oldest windows are dropped first when full.
  const windows = new Map<string, { start: number; count: number }>();
  return {
    hit(key, nowMs) {
      let window = windows.get(key);
      if (!window || nowMs - window.start >= options.windowMs) {
        windows.delete(key);
        window = { start: nowMs, count: 0 };
        windows.set(key, window);
        if (windows.size > maxKeys) windows.delete(windows.keys().next().value!);
      }
      window.count += 1;
      const allowed = window.count <= options.max;
      return { allowed, retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((window.start + options.windowMs - nowMs) / 1000)) };
    },
  };
}
