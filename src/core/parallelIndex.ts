import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { IndexedDocument, IndexedRun, indexFileRun } from './corpus';
import { CorpusFile, CorpusMessage } from './corpusFiles';
import { Snippet } from './snippet';
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

/**
 * An indexed run as a worker sends it: snippets as columns (strings in arrays,
 * numbers in typed arrays, each snippet's source from its document) because
 * copying 50,000 small objects between threads costs more than rebuilding them.
 */
export interface PackedRun {
  documents: IndexedDocument[];
  messages: CorpusMessage[];
  words: WordIndexData;
  ids: string[];
  texts: string[];
  /** Distinct procedure and topic ids. */
  tags: string[];
  /** Per snippet: procedure count, their tag numbers, topic count, their tag numbers. */
  tagLists: Int32Array;
  /** Per snippet: line, column, endLine, endColumn. */
  positions: Int32Array;
}

export function packRun(run: IndexedRun & { words: WordIndexData }): PackedRun {
  const tagNumbers = new Map<string, number>();
  const tagLists: number[] = [];
  const positions = new Int32Array(run.snippets.length * 4);
  const list = (ids: readonly string[]) => {
    tagLists.push(ids.length);
    for (const id of ids) {
      let n = tagNumbers.get(id);
      if (n === undefined) tagNumbers.set(id, (n = tagNumbers.size));
      tagLists.push(n);
    }
  };
  run.snippets.forEach((s, i) => {
    list(s.procedures);
    list(s.topics);
    positions.set([s.source.line, s.source.column, s.source.endLine, s.source.endColumn], i * 4);
  });
  return {
    documents: run.documents,
    messages: run.messages,
    words: run.words,
    ids: run.snippets.map((s) => s.id),
    texts: run.snippets.map((s) => s.text),
    tags: [...tagNumbers.keys()],
    tagLists: Int32Array.from(tagLists),
    positions,
  };
}

export function unpackRun(packed: PackedRun): IndexedRun & { words: WordIndexData } {
  const { documents, ids, texts, tags, tagLists, positions } = packed;
  const snippets: Snippet[] = [];
  let at = 0;
  const list = () => {
    const ids: string[] = new Array(tagLists[at++]);
    for (let k = 0; k < ids.length; k++) ids[k] = tags[tagLists[at++]];
    return ids;
  };
  for (const d of documents) {
    for (let k = 0; k < d.snippetCount; k++) {
      const i = snippets.length;
      const procedures = list();
      const topics = list();
      snippets.push({
        id: ids[i],
        text: texts[i],
        procedures,
        topics,
        source: {
          file: d.file,
          corpusPath: d.corpusPath,
          title: d.title,
          line: positions[i * 4],
          column: positions[i * 4 + 1],
          endLine: positions[i * 4 + 2],
          endColumn: positions[i * 4 + 3],
        },
      });
    }
  }
  return { snippets, documents, messages: packed.messages, words: packed.words };
}

function runInWorker(file: string, files: readonly CorpusFile[], taxonomy: Taxonomy): Promise<IndexedRun & { words: WordIndexData }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(file, { workerData: { files, taxonomy }, name: 'clinical-writer-index' });
    let done = false;
    worker.once('message', (packed: PackedRun) => {
      done = true;
      resolve(unpackRun(packed));
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
