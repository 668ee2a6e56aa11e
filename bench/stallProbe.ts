import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

/** Runs `work` while a 2 ms interval measures how late the thread answers; the longest gap is the stall. */
export async function longestStall<T>(work: () => Promise<T>): Promise<{ value: T; maxStallMs: number; p99Ms: number; ms: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  let last = performance.now();
  let max = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    max = Math.max(max, now - last);
    last = now;
  }, 2);
  const started = performance.now();
  // Let the probe take its first reading before the work starts.
  await new Promise((resolve) => setTimeout(resolve, 10));
  last = performance.now();
  const value = await work();
  const ms = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 10));
  clearInterval(timer);
  histogram.disable();
  return { value, maxStallMs: Math.max(max, histogram.max / 1e6), p99Ms: histogram.percentile(99) / 1e6, ms };
}
