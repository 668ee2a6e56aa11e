import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { threadCpuTimes } from '../src/core/threadTimes';
import { epochOf, sampleThisThread } from './threadStates';

/** One probe gap: the thread answered `ms` late. */
export interface Gap {
  ms: number;
  /** Of it: on the CPU (our work, VS Code's, garbage collection). */
  onCpuMs: number;
  /** Of it: runnable, waiting for a CPU (other processes' load). */
  cpuWaitMs: number;
  /** Of it: neither (asleep in a lock or a system call, or in disk or memory I/O). */
  blockedMs: number;
  /** Garbage-collection pauses of this thread inside it. */
  gcMs: number;
  /** Where the thread was while blocked, from the state sampler (Linux), e.g. "state D in read 300 ms". */
  blockedIn: string;
}

export interface StallReport<T> {
  value: T;
  /** Longest time the thread did not answer the probe (wall clock). */
  maxStallMs: number;
  /**
   * Longest time the thread computed without answering: its time on the CPU inside one gap
   * (ours, VS Code's, garbage collection). On a shared 2-core box other processes (the
   * browser rendering the workbench, code-server) can keep a ready thread off the CPU for
   * seconds, and a loaded disk can keep it asleep in I/O; that is the machine, not work on
   * the thread, and is reported apart. Equals `maxStallMs` where the kernel does not report
   * per-thread CPU time (not Linux).
   */
  maxHeldMs: number;
  /** Longest time inside one gap the thread was off the CPU and not waiting for one. */
  maxBlockedMs: number;
  /** The longest wall-clock gap, taken apart. */
  longestGap: Gap;
  /** The gap with the longest hold, taken apart. */
  longestHoldGap: Gap;
  p99Ms: number;
  ms: number;
}

interface RawGap {
  start: number;
  end: number;
  onCpu: number;
  wait: number;
}

/** One-line account of a gap, for logs. */
export function describeGap(gap: Gap): string {
  const r = Math.round;
  const blocked = gap.blockedMs >= 1 ? `, ${r(gap.blockedMs)} blocked${gap.blockedIn ? ` (${gap.blockedIn})` : ''}` : '';
  const gc = gap.gcMs >= 1 ? `, ${r(gap.gcMs)} of it in garbage collection` : '';
  return `${r(gap.ms)} ms: ${r(gap.onCpuMs)} on the CPU${gc}, ${r(gap.cpuWaitMs)} waiting for one${blocked}`;
}

/** Runs `work` while a 2 ms interval measures how late the thread answers; the longest gap is the stall. */
export async function longestStall<T>(work: () => Promise<T>): Promise<StallReport<T>> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  const sampler = sampleThisThread();
  const gcs: Array<[number, number]> = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcs.push([entry.startTime, entry.startTime + entry.duration]);
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  let last = performance.now();
  let lastTimes = threadCpuTimes();
  let longest: RawGap | undefined;
  let held: RawGap | undefined;
  let maxBlocked = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const times = lastTimes === undefined ? undefined : threadCpuTimes();
    const gap = now - last;
    // Without schedstat all of a gap counts as held.
    const onCpu = times && lastTimes ? Math.min(gap, Math.max(0, times.onCpuMs - lastTimes.onCpuMs)) : gap;
    const wait = times && lastTimes ? Math.min(gap - onCpu, Math.max(0, times.waitMs - lastTimes.waitMs)) : 0;
    const raw = { start: last, end: now, onCpu, wait };
    if (!longest || gap > longest.end - longest.start) longest = raw;
    if (!held || onCpu > held.onCpu) held = raw;
    maxBlocked = Math.max(maxBlocked, gap - onCpu - wait);
    last = now;
    lastTimes = times;
  }, 2);
  const started = performance.now();
  try {
    // Let the probe take its first reading before the work starts.
    await new Promise((resolve) => setTimeout(resolve, 10));
    last = performance.now();
    lastTimes = threadCpuTimes();
    const value = await work();
    const ms = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 10));
    clearInterval(timer);
    histogram.disable();
    // GC entries arrive asynchronously: one more turn so the last ones are in.
    await new Promise((resolve) => setImmediate(resolve));
    const none: RawGap = { start: started, end: started, onCpu: 0, wait: 0 };
    const explain = (raw: RawGap): Gap => {
      const gapMs = raw.end - raw.start;
      const blockedMs = Math.max(0, gapMs - raw.onCpu - raw.wait);
      const gcMs = gcs.reduce((sum, [a, b]) => sum + Math.max(0, Math.min(b, raw.end) - Math.max(a, raw.start)), 0);
      const states = blockedMs >= 1 && sampler ? sampler.between(epochOf(raw.start), epochOf(raw.end)).filter((s) => s.what !== 'running' && s.ms >= 1) : [];
      const blockedIn = states.slice(0, 3).map((s) => `${s.what} ${Math.round(s.ms)} ms`).join(', ');
      return { ms: gapMs, onCpuMs: raw.onCpu, cpuWaitMs: raw.wait, blockedMs, gcMs, blockedIn };
    };
    const longestGap = explain(longest ?? none);
    const longestHoldGap = explain(held ?? none);
    // The histogram sees stalls the interval's own reading missed (none in practice; kept as a floor).
    const maxStallMs = Math.max(longestGap.ms, histogram.max / 1e6);
    return {
      value,
      maxStallMs,
      maxHeldMs: lastTimes === undefined ? maxStallMs : longestHoldGap.onCpuMs,
      maxBlockedMs: maxBlocked,
      longestGap,
      longestHoldGap,
      p99Ms: histogram.percentile(99) / 1e6,
      ms,
    };
  } finally {
    clearInterval(timer);
    histogram.disable();
    gcObserver.disconnect();
    await sampler?.stop();
  }
}
