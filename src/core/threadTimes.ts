import { readFileSync } from 'node:fs';

/**
 * The calling thread's CPU accounting from Linux's /proc/thread-self/schedstat, in
 * milliseconds: time on the CPU, and time spent ready but waiting for one (other threads and
 * processes had it). Undefined where the kernel does not report it (not Linux).
 */
export function threadCpuTimes(): { onCpuMs: number; waitMs: number } | undefined {
  try {
    // "<on-CPU ns> <run-queue wait ns> <timeslices>"
    const fields = readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ');
    const onCpu = Number(fields[0]);
    const wait = Number(fields[1]);
    return Number.isFinite(onCpu) && Number.isFinite(wait) ? { onCpuMs: onCpu / 1e6, waitMs: wait / 1e6 } : undefined;
  } catch {
    return undefined;
  }
}
