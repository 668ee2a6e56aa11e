import { readlinkSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

/**
 * Samples one thread's scheduler state and system call from /proc in a worker of its own, so
 * that time the thread spent off the CPU can be told apart afterwards: asleep in a lock
 * (`futex`), in disk or memory I/O (state D), and so on. The thread cannot look at itself while
 * it is blocked, hence the second thread. Linux only; diagnostics, never a figure to assert on
 * alone (a starved sampler samples less often).
 */
export interface ThreadStateSampler {
  /** Where the sampled thread was in [start, end] (epoch milliseconds): milliseconds per state and call, most first. */
  between(start: number, end: number): Array<{ what: string; ms: number }>;
  stop(): Promise<void>;
}

const CAPACITY = 1 << 17; // samples kept (a ring): over four minutes at 2 ms
const RUNNING = 1023;

// x86-64 numbers of the calls a blocked thread is likely to sit in; others print as numbers.
const X64_CALLS: Record<number, string> = {
  0: 'read', 1: 'write', 3: 'close', 4: 'stat', 5: 'fstat', 7: 'poll', 9: 'mmap', 10: 'mprotect', 11: 'munmap',
  17: 'pread64', 18: 'pwrite64', 23: 'select', 35: 'nanosleep', 74: 'fsync', 75: 'fdatasync', 202: 'futex',
  230: 'clock_nanosleep', 232: 'epoll_wait', 257: 'openat', 262: 'newfstatat', 281: 'epoll_pwait', 332: 'statx',
};

// Runs in the sampler worker: writes (time, state << 10 | call) pairs into the shared ring.
const SAMPLER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const { performance } = require('node:perf_hooks');
const { buffer, task, capacity, intervalMs } = workerData;
const times = new Float64Array(buffer, 0, capacity);
const codes = new Int32Array(buffer, capacity * 8, capacity);
const count = new Int32Array(buffer, capacity * 12, 1);
setInterval(() => {
  let state = 63, call = ${RUNNING};
  try {
    const stat = readFileSync('/proc/' + task + '/stat', 'latin1');
    state = stat.charCodeAt(stat.lastIndexOf(')') + 2);
    if (state !== 82) {
      const n = Number(readFileSync('/proc/' + task + '/syscall', 'latin1').split(' ')[0]);
      if (Number.isInteger(n) && n >= 0 && n < ${RUNNING}) call = n;
    }
  } catch {}
  const i = count[0] % capacity;
  times[i] = performance.timeOrigin + performance.now();
  codes[i] = (state << 10) | call;
  Atomics.add(count, 0, 1);
}, intervalMs);
`;

function describe(code: number): string {
  const state = String.fromCharCode(code >> 10);
  const call = code & RUNNING;
  if (state === 'R') return 'running';
  if (call === RUNNING) return `state ${state}`;
  const name = process.arch === 'x64' ? X64_CALLS[call] : undefined;
  return `state ${state} in ${name ?? `system call ${call}`}`;
}

/** Starts sampling the calling thread every `intervalMs`; undefined where /proc cannot tell (not Linux). */
export function sampleThisThread(intervalMs = 2): ThreadStateSampler | undefined {
  let task: string;
  try {
    task = readlinkSync('/proc/thread-self'); // "<pid>/task/<tid>"
  } catch {
    return undefined;
  }
  const buffer = new SharedArrayBuffer(CAPACITY * 12 + 4);
  const worker = new Worker(SAMPLER_SOURCE, { eval: true, workerData: { buffer, task, capacity: CAPACITY, intervalMs }, name: 'thread-state-sampler' });
  worker.unref();
  const times = new Float64Array(buffer, 0, CAPACITY);
  const codes = new Int32Array(buffer, CAPACITY * 8, CAPACITY);
  const count = new Int32Array(buffer, CAPACITY * 12, 1);
  return {
    between(start, end) {
      const n = Atomics.load(count, 0);
      const totals = new Map<string, number>();
      let previous: number | undefined;
      // Each sample stands for the time since the one before it (samples are late when the sampler waits for a CPU).
      for (let k = Math.max(0, n - CAPACITY); k < n; k++) {
        const at = times[k % CAPACITY];
        if (previous !== undefined && at > start && previous < end) {
          const what = describe(codes[k % CAPACITY]);
          totals.set(what, (totals.get(what) ?? 0) + Math.min(at, end) - Math.max(previous, start));
        }
        previous = at;
      }
      return [...totals].map(([what, ms]) => ({ what, ms })).sort((a, b) => b.ms - a.ms);
    },
    async stop() {
      await worker.terminate();
    },
  };
}

/** Epoch milliseconds of a `performance.now()` reading, the sampler's clock. */
export function epochOf(now: number): number {
  return performance.timeOrigin + now;
}
