import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { FileRunIndexer, IndexedDocument, IndexedRun } from './corpus';
import { CorpusMessage, ListedFile, ReadLimits, readListedFiles } from './corpusFiles';
import { contentHash } from './indexCache';
import { Snippet } from './snippet';
import { TagLists } from './tagLists';
import { Taxonomy } from './taxonomy';
import { WordIndexData, concatWordIndexes } from './wordIndex';

/** Below this many bytes of documents a worker's start-up and copying cost more than they save. */
const PARALLEL_MIN_BYTES = 2_000_000;

/**
 * How many parts a worker sends its half in, each as soon as it is indexed: this thread
 * takes in the earlier parts while the worker indexes the later ones, so what is left to
 * do once the worker is done is one part's copying, not the whole half's (about 200 ms
 * at 100,000 sentences).
 */
const WORKER_PARTS = 8;

/** The worker entry next to this module, or in the bundle's folder (dist/indexWorker.js). */
function defaultWorkerFile(): string | undefined {
  const file = path.join(__dirname, 'indexWorker.js');
  return existsSync(file) ? file : undefined;
}

export interface ParallelOptions {
  /** Use a worker at all (default true). */
  parallel?: boolean;
  /** Least size of the documents, in bytes, worth a worker. */
  minBytes?: number;
  /** The worker entry (default: indexWorker.js beside this module). */
  workerFile?: string;
  /** Hash each document read (the index cache keys on contents; default false). */
  hashContents?: boolean;
}

/** A document's path and the hash of the text read from it (`contentHash`). */
export type ContentHash = [file: string, hash: string];

/**
 * An indexed run as a worker sends it: snippets as columns (ids and texts in
 * one string, tags and positions in typed arrays, each snippet's source from
 * its document) because
 * copying 50,000 small objects between threads costs more than rebuilding them.
 */
export interface PackedRun {
  documents: IndexedDocument[];
  messages: CorpusMessage[];
  words: WordIndexData;
  /** Every snippet's id, then every snippet's text, end to end in one string (one copy between threads, not 100,000). */
  strings: string;
  /** Where each id, then each text, ends in `strings`. */
  stringEnds: Int32Array;
  /** The distinct lists of procedure or topic ids the snippets have. */
  tagLists: (readonly string[])[];
  /** Per snippet: its procedures' and its topics' numbers in `tagLists`. */
  tagRefs: Int32Array;
  /** Per snippet: line, column, endLine, endColumn. */
  positions: Int32Array;
}

export function packRun(run: IndexedRun & { words: WordIndexData }): PackedRun {
  // Indexing shares equal tag lists (TagLists), so numbering them by identity numbers each once.
  const numbers = new Map<readonly string[], number>();
  const tagLists: (readonly string[])[] = [];
  const number = (ids: readonly string[]) => {
    let n = numbers.get(ids);
    if (n === undefined) numbers.set(ids, (n = tagLists.push(ids) - 1));
    return n;
  };
  const tagRefs = new Int32Array(run.snippets.length * 2);
  const positions = new Int32Array(run.snippets.length * 4);
  run.snippets.forEach((s, i) => {
    tagRefs[i * 2] = number(s.procedures);
    tagRefs[i * 2 + 1] = number(s.topics);
    const { line, column, endLine, endColumn } = s.source;
    positions[i * 4] = line;
    positions[i * 4 + 1] = column;
    positions[i * 4 + 2] = endLine;
    positions[i * 4 + 3] = endColumn;
  });
  return {
    documents: run.documents,
    messages: run.messages,
    words: run.words,
    ...joinStrings(run.snippets.map((s) => s.id).concat(run.snippets.map((s) => s.text))),
    tagLists,
    tagRefs,
    positions,
  };
}

function joinStrings(list: readonly string[]): { strings: string; stringEnds: Int32Array } {
  const stringEnds = new Int32Array(list.length);
  let end = 0;
  list.forEach((text, i) => (stringEnds[i] = end += text.length));
  return { strings: list.join(''), stringEnds };
}

/**
 * A packed run as snippets and documents again. Their tag lists are `shared`'s: one frozen
 * list for all the snippets and documents that have it, as this thread's own share theirs
 * (a message gives the documents' lists back unfrozen, as copies).
 */
export function unpackRun(packed: PackedRun, shared = new TagLists()): IndexedRun & { words: WordIndexData } {
  const { strings, stringEnds, tagRefs, positions } = packed;
  const count = stringEnds.length / 2;
  const part = (k: number) => strings.slice(k === 0 ? 0 : stringEnds[k - 1], stringEnds[k]);
  const lists = packed.tagLists.map((ids) => shared.of(ids));
  const documents = packed.documents.map((d) => ({ ...d, procedures: shared.of(d.procedures) }));
  const snippets: Snippet[] = [];
  for (const d of documents) {
    for (let k = 0; k < d.snippetCount; k++) {
      const i = snippets.length;
      snippets.push({
        id: part(i),
        text: part(count + i),
        procedures: lists[tagRefs[i * 2]],
        topics: lists[tagRefs[i * 2 + 1]],
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

/**
 * What a worker sends back, once per part of its documents: the part's run packed, the hashes
 * of the files it read and what reading them said. Not the texts: copying 10 MB of them to
 * the other thread cost about 140 ms.
 */
export interface WorkerResult {
  packed: PackedRun;
  contentHashes: ContentHash[];
  readMessages: CorpusMessage[];
  /** Whether this is the worker's last part. */
  last: boolean;
}

/** The job a worker gets: listed documents to read and index, in `parts` parts (see WORKER_PARTS). */
export interface WorkerJob {
  listed: ListedFile[];
  limits: ReadLimits;
  taxonomy: Taxonomy;
  hashContents: boolean;
  parts: number;
}

/** Listed documents read and indexed, with the messages reading gave (apart from indexing's). */
export interface ListedRun extends IndexedRun {
  words: WordIndexData;
  /** Each document read, in order, with its content hash (empty unless asked for). */
  contentHashes: ContentHash[];
  readMessages: CorpusMessage[];
}

/**
 * Runs a job in a worker; resolves with its parts' runs in order, each unpacked as it arrives
 * (with its tag lists from `lists`).
 */
function runInWorker(file: string, job: WorkerJob, lists: TagLists): Promise<ListedRun[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(file, { workerData: job, name: 'clinical-writer-index' });
    const runs: ListedRun[] = [];
    let done = false;
    worker.on('message', (result: WorkerResult) => {
      runs.push({ ...unpackRun(result.packed, lists), contentHashes: result.contentHashes, readMessages: result.readMessages });
      if (!result.last) return;
      done = true;
      resolve(runs);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!done) reject(new Error(`index worker exited with code ${code}`));
    });
  });
}

/** Reads and indexes listed documents in this thread (with `indexer`, after the runs it indexed before). */
export function readAndIndex(listed: readonly ListedFile[], limits: ReadLimits, taxonomy: Taxonomy, hashContents = false, indexer = new FileRunIndexer(taxonomy, true)): ListedRun {
  const read = readListedFiles(listed, limits);
  const run = indexer.index(read.files) as IndexedRun & { words: WordIndexData };
  const contentHashes: ContentHash[] = hashContents ? read.files.map((f) => [f.file, contentHash(f.text)]) : [];
  return { ...run, contentHashes, readMessages: read.messages };
}

/**
 * Cuts listed documents into `count` consecutive runs of about equal size in bytes as
 * listed (documents vary in size, and nothing is read yet); runs may be empty.
 */
export function splitBySize(listed: readonly ListedFile[], count: number): ListedFile[][] {
  let total = 0;
  for (const f of listed) total += f.size;
  const runs: ListedFile[][] = [];
  let start = 0;
  let size = 0;
  for (let r = 1; r <= count; r++) {
    let end = start;
    // A run ends once the runs so far hold r/count of the bytes; the last takes the rest.
    while (end < listed.length && (r === count || size < (total * r) / count)) size += listed[end++].size;
    runs.push(listed.slice(start, end));
    start = end;
  }
  return runs;
}

/** Consecutive runs as one, as if indexed in one pass. */
function joinRuns(runs: readonly ListedRun[]): ListedRun {
  const all = <T>(pick: (run: ListedRun) => T[]): T[] => ([] as T[]).concat(...runs.map(pick));
  return {
    snippets: all((r) => r.snippets),
    documents: all((r) => r.documents),
    messages: all((r) => r.messages),
    words: concatWordIndexes(runs.map((r) => r.words)),
    contentHashes: all((r) => r.contentHashes),
    readMessages: all((r) => r.readMessages),
  };
}

/**
 * Reads and indexes listed documents with their snippets' word index, the
 * later half in a worker thread (which reads its own files, so reading runs in
 * parallel too, and sends its half back in parts as it goes) while this thread
 * does the first; the runs are joined in file order, so the result is the same
 * as in one thread, which is what happens when the corpus is small or a worker
 * cannot run.
 */
export async function indexListedInParallel(listed: readonly ListedFile[], taxonomy: Taxonomy, limits: ReadLimits, options: ParallelOptions = {}): Promise<ListedRun> {
  let total = 0;
  for (const f of listed) total += f.size;
  const entry = options.parallel !== false && total >= (options.minBytes ?? PARALLEL_MIN_BYTES) ? (options.workerFile ?? defaultWorkerFile()) : undefined;
  const hashContents = options.hashContents ?? false;
  const indexer = new FileRunIndexer(taxonomy, true);
  if (!entry) return readAndIndex(listed, limits, taxonomy, hashContents, indexer);
  const [firstFiles, laterFiles] = splitBySize(listed, 2);
  // A worker that cannot start or fails leaves its half to this thread.
  const later = runInWorker(entry, { listed: laterFiles, limits, taxonomy, hashContents, parts: WORKER_PARTS }, indexer.memo.lists).catch(() => undefined);
  const first = readAndIndex(firstFiles, limits, taxonomy, hashContents, indexer);
  const second = (await later) ?? [readAndIndex(laterFiles, limits, taxonomy, hashContents, indexer)];
  return joinRuns([first, ...second]);
}
