// How long the extension's own synchronous work holds the extension host's thread
// (the engine runs in a worker; what is left here is sending, receiving and publishing).
// Read by the host tests through the testing hooks.
import { performance } from 'node:perf_hooks';

let longest = 0;
let longestWhat = '';

/** Runs `work` and remembers the longest run. */
export function timed<T>(what: string, work: () => T): T {
  const started = performance.now();
  try {
    return work();
  } finally {
    const ms = performance.now() - started;
    if (ms > longest) {
      longest = ms;
      longestWhat = what;
    }
  }
}

/** The longest synchronous run since the last reset, and resets it. */
export function takeLongestBlock(): { ms: number; what: string } {
  const result = { ms: longest, what: longestWhat };
  longest = 0;
  longestWhat = '';
  return result;
}
