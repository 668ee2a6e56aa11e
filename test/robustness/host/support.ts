// Shared by the robustness host tests. The "Clinical Writer" log output channel as written to disk by the extension host
// (<user-data>/logs/<session>/exthost*/<extension id>/Clinical Writer.log).
import * as fs from 'fs';
import * as inspector from 'inspector';
import * as os from 'os';
import * as path from 'path';
import { longestStall } from '../../../bench/stallProbe';
import { api, currentGeneration, EXTENSION_ID, restoreCorpusFolder, setSetting, waitFor } from '../../host/editor/helpers';

function findFiles(dir: string, name: string): string[] {
  const found: string[] = [];
  if (!fs.existsSync(dir)) return found;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findFiles(full, name));
    else if (entry.name === name && path.basename(dir) === EXTENSION_ID) found.push(full);
  }
  return found;
}

/** The log's text, or undefined when the runner did not say where the user data is. */
export function logText(): string | undefined {
  const userDataDir = process.env.HOST_TEST_USER_DATA_DIR;
  if (!userDataDir) return undefined;
  return findFiles(path.join(userDataDir, 'logs'), 'Clinical Writer.log')
    .map((file) => fs.readFileSync(file, 'utf8'))
    .join('\n');
}

/** Waits until the log has a line matching every pattern; returns that line. */
export async function logLine(patterns: Array<string | RegExp>, what: string, timeoutMs = 15000): Promise<string> {
  return waitFor(() => {
    const text = logText();
    if (text === undefined) throw new Error('HOST_TEST_USER_DATA_DIR is not set: run through scripts/run-host-tests.js');
    return text.split('\n').find((line) => patterns.every((p) => (typeof p === 'string' ? line.includes(p) : p.test(line))));
  }, what, timeoutMs);
}

/** Points corpus.paths at a fresh temp folder built by `build`, waits for the re-index; returns dir and restore. */
export async function tempCorpus(build: (dir: string) => void, during?: (dir: string) => void, existing?: string): Promise<{ dir: string; restore: () => Promise<void> }> {
  const dir = existing ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cw-robust-corpus-'));
  build(dir);
  const a = await api();
  const generation = await currentGeneration();
  const restoreSetting = await setSetting('corpus.paths', [dir]);
  if (during) {
    await waitFor(() => a.testing.corpusState() === 'loading' || undefined, 'indexing to start', 10000).catch(() => undefined);
    during(dir);
  }
  await waitFor(async () => (await currentGeneration()) > generation && a.testing.corpusState() !== 'loading', 'the corpus to re-index', 120000);
  await a.testing.whenCorpusIdle();
  return {
    dir,
    restore: () => restoreCorpusFolder(restoreSetting, dir, 60000),
  };
}


/**
 * Waits (up to `timeoutMs`) until this thread has gone `quietMs` without computing for more
 * than `holdMs` at a time; returns how long that took. Work an earlier test left behind (VS
 * Code still sending the workbench what it made of a 100,000-line document) must not be
 * counted against the next measurement. Still busy at the timeout: returns anyway.
 */
export async function hostSettled(quietMs = 1000, holdMs = 100, timeoutMs = 30000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const idle = await longestStall(() => new Promise((resolve) => setTimeout(resolve, quietMs)));
    if (idle.maxHeldMs < holdMs) break;
  }
  return Date.now() - started;
}

/**
 * Runs `work` under this thread's CPU profiler; returns its value and the functions that
 * took most of the thread's time (self time, idle left out), for a log line that says what
 * held the thread.
 */
export async function profiled<T>(work: () => Promise<T>): Promise<{ value: T; top: string }> {
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<any>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 1000 });
  await post('Profiler.start');
  try {
    const value = await work();
    const { profile } = (await post('Profiler.stop')) as { profile: inspector.Profiler.Profile };
    return { value, top: topSelfTime(profile, 8) };
  } finally {
    session.disconnect();
  }
}

function topSelfTime(profile: inspector.Profiler.Profile, count: number): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  (profile.samples ?? []).forEach((id, k) => {
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)' || frame.functionName === '(program)') return;
    const where = `${frame.functionName || '(anonymous)'} ${path.basename(frame.url || '')}:${frame.lineNumber + 1}`;
    self.set(where, (self.get(where) ?? 0) + (profile.timeDeltas?.[k] ?? 0) / 1000);
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([where, ms]) => `${Math.round(ms)} ms ${where}`)
    .join('; ');
}
