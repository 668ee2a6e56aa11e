// How long the extension's own synchronous work holds the extension host's thread
// (the engine runs in a worker; what is left here is sending, receiving and publishing).
// Read by the host tests through the testing hooks.
import { performance } from 'node:perf_hooks';
import { threadCpuTimes } from '../core/threadTimes';

let longest = 0;
let longestWhat = '';
/**
 * Whether to leave out of each run the time the thread waited, ready, for a CPU (on a busy
 * 2-core CI box the browser rendering the workbench took it for 485 ms inside a 524 ms
 * "publish diagnostics"). Off until the tests first ask: it reads /proc twice per run.
 */
let leaveOutCpuWait = false;

/** Runs `work` and remembers the longest run. */
export function timed<T>(what: string, work: () => T): T {
  const before = leaveOutCpuWait ? threadCpuTimes() : undefined;
  const started = performance.now();
  try {
    return work();
  } finally {
    let ms = performance.now() - started;
    const after = before && threadCpuTimes();
    if (before && after) ms -= Math.min(ms, Math.max(0, after.waitMs - before.waitMs));
    if (ms > longest) {
      longest = ms;
      longestWhat = what;
    }
  }
}

/** The longest synchronous run since the last reset (less waits for a CPU, on Linux), and resets it. */
export function takeLongestBlock(): { ms: number; what: string } {
  leaveOutCpuWait = true;
  const result = { ms: longest, what: longestWhat };
  longest = 0;
  longestWhat = '';
  return result;
}
