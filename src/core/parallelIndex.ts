import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { IndexedDocument, IndexedRun, indexFileRun } from './corpus';
import { CorpusMessage, ListedFile, ReadLimits, readListedFiles } from './corpusFiles';
import { contentHash } from './indexCache';
import { Snippet } from './snippet';
import { TagLists } from './tagLists';
import { Taxonomy } from './taxonomy';
import { WordIndexData, concatWordIndexes } from './wordIndex';

/** Below this many bytes of documents a worker's start-up and copying cost more than they save. */
const PARALLEL_MIN_BYTES = 2_000_000;

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

export function unpackRun(packed: PackedRun): IndexedRun & { words: WordIndexData } {
  const { strings, stringEnds, tagRefs, positions } = packed;
  const count = stringEnds.length / 2;
  const part = (k: number) => strings.slice(k === 0 ? 0 : stringEnds[k - 1], stringEnds[k]);
  // One frozen list shared by all the snippets and documents that have it, as this thread's
  // own share theirs (a message gives the documents' lists back unfrozen, as copies).
  const shared = new TagLists();
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
 * What a worker sends back: its run packed, the hashes of the files it read and what reading
 * them said. Not the texts: copying 10 MB of them to the other thread cost about 140 ms.
 */
export interface WorkerResult {
  packed: PackedRun;
  contentHashes: ContentHash[];
  readMessages: CorpusMessage[];
}

/** The job a worker gets: listed documents to read and index. */
export interface WorkerJob {
  listed: ListedFile[];
  limits: ReadLimits;
  taxonomy: Taxonomy;
  hashContents: boolean;
}

/** Listed documents read and indexed, with the messages reading gave (apart from indexing's). */
export interface ListedRun extends IndexedRun {
  words: WordIndexData;
  /** Each document read, in order, with its content hash (empty unless asked for). */
  contentHashes: ContentHash[];
  readMessages: CorpusMessage[];
}

function runInWorker(file: string, job: WorkerJob): Promise<ListedRun> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(file, { workerData: job, name: 'clinical-writer-index' });
    let done = false;
    worker.once('message', (result: WorkerResult) => {
      done = true;
      resolve({ ...unpackRun(result.packed), contentHashes: result.contentHashes, readMessages: result.readMessages });
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!done) reject(new Error(`index worker exited with code ${code}`));
    });
  });
}

/** Reads and indexes listed documents in this thread. */
export function readAndIndex(listed: readonly ListedFile[], limits: ReadLimits, taxonomy: Taxonomy, hashContents = false): ListedRun {
  const read = readListedFiles(listed, limits);
  const run = indexFileRun(read.files, taxonomy, true) as IndexedRun & { words: WordIndexData };
  const contentHashes: ContentHash[] = hashContents ? read.files.map((f) => [f.file, contentHash(f.text)]) : [];
  return { ...run, contentHashes, readMessages: read.messages };
}

/**
 * Reads and indexes listed documents with their snippets' word index, the
 * later half in a worker thread (which reads its own files, so reading runs in
 * parallel too) while this thread does the first; the runs are joined in file
 * order, so the result is the same as in one thread, which is what happens when
 * the corpus is small or a worker cannot run.
 */
export async function indexListedInParallel(listed: readonly ListedFile[], taxonomy: Taxonomy, limits: ReadLimits, options: ParallelOptions = {}): Promise<ListedRun> {
  // Split by size as listed (bytes): documents vary in size, and nothing is read yet.
  let total = 0;
  for (const f of listed) total += f.size;
  const entry = options.parallel !== false && total >= (options.minBytes ?? PARALLEL_MIN_BYTES) ? (options.workerFile ?? defaultWorkerFile()) : undefined;
  const hashContents = options.hashContents ?? false;
  if (!entry) return readAndIndex(listed, limits, taxonomy, hashContents);
  let cut = 0;
  for (let acc = 0; cut < listed.length && acc < total / 2; cut++) acc += listed[cut].size;
  const laterFiles = listed.slice(cut);
  // A worker that cannot start or fails leaves its half to this thread.
  const later = runInWorker(entry, { listed: laterFiles, limits, taxonomy, hashContents }).catch(() => undefined);
  const first = readAndIndex(listed.slice(0, cut), limits, taxonomy, hashContents);
  const second = (await later) ?? readAndIndex(laterFiles, limits, taxonomy, hashContents);
  return {
    snippets: first.snippets.concat(second.snippets),
    documents: first.documents.concat(second.documents),
    messages: first.messages.concat(second.messages),
    words: concatWordIndexes([first.words, second.words]),
    contentHashes: first.contentHashes.concat(second.contentHashes),
    readMessages: first.readMessages.concat(second.readMessages),
  };
}
