import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { IndexedRun, indexFileRun } from './corpus';
import { CorpusFile } from './corpusFiles';
import { Taxonomy } from './taxonomy';
import { WordIndexData, concatWordIndexes } from './wordIndex';

/** Below this much text a worker's start-up and copying cost more than they save. */
const PARALLEL_MIN_CHARS = 2_000_000;

/** The worker entry next to this module, or in the bundle's folder (dist/indexWorker.js). */
function defaultWorkerFile(): string | undefined {
  const file = path.join(__dirname, 'indexWorker.js');
  return existsSync(file) ? file : undefined;
}

export interface ParallelOptions {
  /** Use a worker at all (default true). */
  parallel?: boolean;
  /** Least text, in characters, worth a worker. */
  minChars?: number;
  /** The worker entry (default: indexWorker.js beside this module). */
  workerFile?: string;
}

function runInWorker(file: string, files: readonly CorpusFile[], taxonomy: Taxonomy): Promise<IndexedRun> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(file, { workerData: { files, taxonomy }, name: 'clinical-writer-index' });
    let done = false;
    worker.once('message', (run: IndexedRun) => {
      done = true;
      resolve(run);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!done) reject(new Error(`index worker exited with code ${code}`));
    });
  });
}

/**
 * Indexes files and their snippets' word index, the later half in a worker
 * thread while this thread does the first; the runs are joined in file order,
 * so the result is the same as indexing in one thread, which is what happens
 * when the corpus is small or a worker cannot run.
 */
export async function indexFilesInParallel(files: readonly CorpusFile[], taxonomy: Taxonomy, options: ParallelOptions = {}): Promise<IndexedRun & { words: WordIndexData }> {
  let total = 0;
  for (const f of files) total += f.text.length;
  const entry = options.parallel !== false && total >= (options.minChars ?? PARALLEL_MIN_CHARS) ? (options.workerFile ?? defaultWorkerFile()) : undefined;
  if (!entry) return indexFileRun(files, taxonomy, true) as IndexedRun & { words: WordIndexData };
  // Split by text length: documents vary in size.
  let cut = 0;
  for (let acc = 0; cut < files.length && acc < total / 2; cut++) acc += files[cut].text.length;
  // A worker that cannot start or fails leaves its half to this thread.
  const later = runInWorker(entry, files.slice(cut), taxonomy).catch(() => undefined);
  const first = indexFileRun(files.slice(0, cut), taxonomy, true);
  const second = (await later) ?? indexFileRun(files.slice(cut), taxonomy, true);
  return {
    snippets: first.snippets.concat(second.snippets),
    documents: first.documents.concat(second.documents),
    messages: first.messages.concat(second.messages),
    words: concatWordIndexes([first.words!, second.words!]),
  };
}
