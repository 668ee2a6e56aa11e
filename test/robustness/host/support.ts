// Shared by the robustness host tests. The "Clinical Writer" log output channel as written to disk by the extension host
// (<user-data>/logs/<session>/exthost*/<extension id>/Clinical Writer.log).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
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

