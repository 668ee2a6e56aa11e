import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

export interface StallReport<T> {
  value: T;
  /** Longest time the thread did not answer the probe (wall clock). */
  maxStallMs: number;
  /**
   * Longest gap less the time the thread spent runnable but waiting for a CPU in it: what the
   * thread's own work (ours, VS Code's, garbage collection, blocking I/O) held it for. On a
   * shared 2-core box other processes (the browser rendering the workbench, code-server) can
   * keep a ready thread off the CPU for seconds; that is load, not the thread being blocked.
   * Equals `maxStallMs` where the kernel does not report run-queue waits (not Linux).
   */
  maxHeldMs: number;
  /** Of the longest wall-clock gap: milliseconds the thread waited for a CPU. */
  longestGapCpuWaitMs: number;
  p99Ms: number;
  ms: number;
}

/** Milliseconds this thread has waited runnable for a CPU (Linux schedstat), or undefined. */
function cpuWaitMs(): number | undefined {
  try {
    // "<on-CPU ns> <run-queue wait ns> <timeslices>"
    const wait = Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[1]);
    return Number.isFinite(wait) ? wait / 1e6 : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `work` while a 2 ms interval measures how late the thread answers; the longest gap is the stall. */
export async function longestStall<T>(work: () => Promise<T>): Promise<StallReport<T>> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  let last = performance.now();
  let lastWait = cpuWaitMs();
  let max = 0;
  let maxHeld = 0;
  let longestGapWait = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const wait = lastWait === undefined ? undefined : cpuWaitMs();
    const gap = now - last;
    const waited = wait === undefined || lastWait === undefined ? 0 : Math.max(0, wait - lastWait);
    if (gap > max) {
      max = gap;
      longestGapWait = waited;
    }
    maxHeld = Math.max(maxHeld, gap - waited);
    last = now;
    lastWait = wait;
  }, 2);
  const started = performance.now();
  // Let the probe take its first reading before the work starts.
  await new Promise((resolve) => setTimeout(resolve, 10));
  last = performance.now();
  lastWait = cpuWaitMs();
  const value = await work();
  const ms = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 10));
  clearInterval(timer);
  histogram.disable();
  const maxStallMs = Math.max(max, histogram.max / 1e6);
  return {
    value,
    maxStallMs,
    // Without run-queue figures the histogram's longest delay is all there is.
    maxHeldMs: lastWait === undefined ? maxStallMs : maxHeld,
    longestGapCpuWaitMs: longestGapWait,
    p99Ms: histogram.percentile(99) / 1e6,
    ms,
  };
}
