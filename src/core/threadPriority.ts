import { setPriority } from 'node:os';

/**
 * Lowers the calling thread's scheduling priority (nice value), so a busy
 * background worker leaves the CPU to the editor's own thread when the two
 * compete. Linux only: there the nice value belongs to the thread; on other
 * systems it would lower the whole process, the editor included.
 */
export function lowerThisThreadsPriority(nice = 10): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(nice);
  } catch {
    // not allowed here: run at the usual priority
  }
}
