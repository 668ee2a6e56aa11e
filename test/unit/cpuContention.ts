// Keeps a thread ready but off the CPU, for tests of what counts as waiting for a CPU.
import { spawn, spawnSync } from 'node:child_process';

/** Whether this machine can pin a process to CPU 0 and run a real-time loop there (Linux, taskset, SCHED_FIFO allowed). */
export function canContendForCpu(): boolean {
  return process.platform === 'linux' && spawnSync('taskset', ['-c', '0', 'chrt', '-f', '10', 'true']).status === 0;
}

/**
 * Runs `source` (a Node script that writes "ready" and later one JSON line) pinned to CPU 0;
 * 100 ms after "ready", a real-time busy loop on the same CPU keeps it waiting, runnable, for
 * `hogMs` (and the loop's own start-up). Returns the script's last line, parsed.
 */
export async function runUnderCpuContention<T>(source: string, hogMs = 400): Promise<T> {
  const child = spawn('taskset', ['-c', '0', process.execPath, '-e', source]);
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  await new Promise((resolve) => setTimeout(resolve, 100));
  // Ends by itself: nothing else on that CPU runs while it spins.
  spawnSync('taskset', ['-c', '0', 'chrt', '-f', '10', process.execPath, '-e', `const end = Date.now() + ${hogMs}; while (Date.now() < end);`]);
  await new Promise((resolve) => child.on('close', resolve));
  return JSON.parse(out.trim().split('\n').pop()!) as T;
}
