import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { MessageChannel, MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { IndexedRun, RunIndexer, SplitDocument, indexFileRun, splitDocument } from './corpus';
import { CorpusMessage, ListedFile, ReadLimits, readListedFile, readListedFiles } from './corpusFiles';
import { contentHash } from './indexCache';
import { Taxonomy } from './taxonomy';
import { WordIndexData } from './wordIndex';

/** Below this many bytes of documents a worker's start-up and copying cost more than they save. */
const PARALLEL_MIN_BYTES = 2_000_000;

/** Documents split per batch: enough that a message's cost is small beside the work in it. */
const BATCH_DOCUMENTS = 16;

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
  /**
   * Split batches in this thread too when the next has not come from the worker
   * (default true; tests turn it off to see the worker's part alone).
   */
  help?: boolean;
}

/** A document's path and the hash of the text read from it (`contentHash`). */
export type ContentHash = [file: string, hash: string];

/** Listed documents read and indexed, with the messages reading gave (apart from indexing's). */
export interface ListedRun extends IndexedRun {
  words: WordIndexData;
  /** Each document read, in order, with its content hash (empty unless asked for). */
  contentHashes: ContentHash[];
  readMessages: CorpusMessage[];
}

/** Reads and indexes listed documents in this thread. */
export function readAndIndex(listed: readonly ListedFile[], limits: ReadLimits, taxonomy: Taxonomy, hashContents = false): ListedRun {
  const read = readListedFiles(listed, limits);
  const run = indexFileRun(read.files, taxonomy, true) as IndexedRun & { words: WordIndexData };
  const contentHashes: ContentHash[] = hashContents ? read.files.map((f) => [f.file, contentHash(f.text)]) : [];
  return { ...run, contentHashes, readMessages: read.messages };
}

/** One listed document read and split, or why it could not be. */
export type SplitEntry =
  | { split: SplitDocument; hash: ContentHash | undefined; readMessage?: undefined; error?: undefined }
  | { readMessage: CorpusMessage; split?: undefined; error?: undefined }
  | { file: string; error: string; hash: ContentHash | undefined; split?: undefined; readMessage?: undefined };

/** Listed documents from `start` on, read and split. */
export interface SplitBatch {
  start: number;
  entries: SplitEntry[];
}

/**
 * A SplitBatch as a worker sends it: headings, ids and sentence texts end to
 * end in one string, the rest of the columns in one array, since copying
 * thousands of small strings and arrays between threads cost far more (and left
 * this thread's collector far more to do) than slicing them here. A sentence
 * the worker has sent before is sent as its number (see `SplitPacker`).
 */
export interface PackedSplitBatch {
  start: number;
  /** Per document: the entry, its split's columns left empty. */
  entries: SplitEntry[];
  strings: string;
  /** Where each string ends in `strings`. */
  ends: Int32Array;
  /**
   * Per document split: its block count and blocks, its sentence count, then per
   * sentence its text's number if sent before (else -1) and its four positions.
   */
  numbers: Int32Array;
}

/** Most sentence texts a packer remembers; past it, it starts afresh (numbers go on). */
const KNOWN_TEXTS = 200_000;

/**
 * Packs a worker's batches, numbering each distinct sentence text in the
 * order sent, so a repeated sentence (half of a large library's) is sent as a
 * number and this thread gives it the same string as before: its memo of
 * tagged sentences then finds it without hashing or comparing the text again.
 */
export class SplitPacker {
  private known = new Map<string, number>();
  private count = 0;

  pack({ start, entries }: SplitBatch): PackedSplitBatch {
    const strings: string[] = [];
    const numbers: number[] = [];
    const bare: SplitEntry[] = [];
    for (const e of entries) {
      if (!e.split) {
        bare.push(e);
        continue;
      }
      const { blocks, headings, texts, ids, positions } = e.split;
      bare.push({ split: { ...e.split, blocks: [], headings: [], texts: [], ids: [], positions: [], textNumbers: [] }, hash: e.hash });
      numbers.push(blocks.length);
      for (let k = 0; k < blocks.length; k++) numbers.push(blocks[k]);
      for (let k = 0; k < headings.length; k++) strings.push(headings[k]);
      numbers.push(texts.length);
      for (let k = 0; k < texts.length; k++) {
        const known = this.known.get(texts[k]);
        if (known === undefined) {
          if (this.known.size >= KNOWN_TEXTS) this.known.clear();
          this.known.set(texts[k], this.count++);
          strings.push(texts[k]);
        }
        strings.push(ids[k]);
        numbers.push(known ?? -1, positions[k * 4], positions[k * 4 + 1], positions[k * 4 + 2], positions[k * 4 + 3]);
      }
    }
    const ends = new Int32Array(strings.length);
    let end = 0;
    for (let k = 0; k < strings.length; k++) ends[k] = end += strings[k].length;
    return { start, entries: bare, strings: strings.join(''), ends, numbers: Int32Array.from(numbers) };
  }
}

/** Unpacks what a SplitPacker packed, in the order packed. */
export class SplitUnpacker {
  private readonly texts: string[] = [];

  unpack({ start, entries, strings, ends, numbers }: PackedSplitBatch): SplitBatch {
    let s = 0;
    let at = 0;
    const next = () => strings.slice(s === 0 ? 0 : ends[s - 1], ends[s++]);
    for (const e of entries) {
      if (!e.split) continue;
      const { blocks, headings, texts, ids, positions, textNumbers } = e.split;
      for (let b = numbers[at++]; b > 0; b--) {
        if (numbers[at] < 0) headings.push(next());
        blocks.push(numbers[at++]);
      }
      for (let n = numbers[at++]; n > 0; n--) {
        let number = numbers[at++];
        if (number < 0) {
          number = this.texts.length;
          this.texts.push(next());
        }
        texts.push(this.texts[number]);
        textNumbers.push(number);
        ids.push(next());
        positions.push(numbers[at++], numbers[at++], numbers[at++], numbers[at++]);
      }
    }
    return { start, entries };
  }
}

/** Slots of the shared counters (`Int32Array` over a SharedArrayBuffer). */
const NEXT = 0; // the first document no thread has taken
const POSTED = 1; // batches the worker has sent

/** The job a worker gets: split batches of the listed documents, taken as it goes, until none are left. */
export interface WorkerJob {
  listed: readonly ListedFile[];
  limits: ReadLimits;
  hashContents: boolean;
  /** Shared counters (NEXT, POSTED). */
  counters: Int32Array;
  port: MessagePort;
}

/** Takes the next batch of documents (undefined when all are taken); shared by both threads. */
export function takeBatch(counters: Int32Array, count: number): number | undefined {
  const start = Atomics.add(counters, NEXT, BATCH_DOCUMENTS);
  return start < count ? start : undefined;
}

/** Reads and splits listed documents [start, start + BATCH_DOCUMENTS). */
export function splitBatch(listed: readonly ListedFile[], start: number, limits: ReadLimits, hashContents: boolean): SplitBatch {
  const entries: SplitEntry[] = [];
  for (let i = start; i < Math.min(listed.length, start + BATCH_DOCUMENTS); i++) {
    const read = readListedFile(listed[i], limits);
    if (read.message) {
      entries.push({ readMessage: read.message });
      continue;
    }
    const hash: ContentHash | undefined = hashContents ? [read.file.file, contentHash(read.file.text)] : undefined;
    try {
      entries.push({ split: splitDocument(read.file), hash });
    } catch (error) {
      entries.push({ file: read.file.file, error: (error as Error).message, hash });
    }
  }
  return { start, entries };
}

// Atomics.waitAsync (V8 8.7, Node 16) is newer than the ES2022 library types.
const atomics = Atomics as unknown as { waitAsync(array: Int32Array, index: number, value: number, timeout: number): { value: Promise<string> | string } };

/** The worker's side: split batches and send them until no documents are left. */
export function runSplitter({ listed, limits, hashContents, counters, port }: WorkerJob): void {
  const packer = new SplitPacker();
  for (let start = takeBatch(counters, listed.length); start !== undefined; start = takeBatch(counters, listed.length)) {
    port.postMessage(packer.pack(splitBatch(listed, start, limits, hashContents)));
    Atomics.add(counters, POSTED, 1);
    Atomics.notify(counters, POSTED);
  }
}

/**
 * Reads and indexes listed documents with their snippets' word index, in two
 * threads by stage: a worker reads, cleans and splits documents into sentences
 * (the part that needs no taxonomy) batch by batch, and this thread tags the
 * sentences and makes the snippets and word index, in list order. This thread
 * splits too whenever the next batch in order has not come yet, so neither
 * waits while there is work. One thread tags each distinct sentence once and
 * V8 compiles each stage once (two threads doing the whole of indexing on
 * halves compiled everything twice and tagged shared sentences in both). The
 * result is the same as in one thread, which is what happens when the corpus
 * is small or a worker cannot run; a worker that fails leaves its batches here.
 */
export async function indexListedInParallel(listed: readonly ListedFile[], taxonomy: Taxonomy, limits: ReadLimits, options: ParallelOptions = {}): Promise<ListedRun> {
  let total = 0;
  for (const f of listed) total += f.size;
  const entry = options.parallel !== false && total >= (options.minBytes ?? PARALLEL_MIN_BYTES) ? (options.workerFile ?? defaultWorkerFile()) : undefined;
  const hashContents = options.hashContents ?? false;
  if (!entry) return readAndIndex(listed, limits, taxonomy, hashContents);

  const counters = new Int32Array(new SharedArrayBuffer(8));
  const { port1, port2 } = new MessageChannel();
  let workerGone = false;
  try {
    const job: WorkerJob = { listed, limits, hashContents, counters, port: port2 };
    const worker = new Worker(entry, { workerData: job, transferList: [port2], name: 'clinical-writer-index' });
    worker.once('error', () => (workerGone = true));
    worker.once('exit', () => (workerGone = true));
  } catch {
    workerGone = true;
  }

  const indexer = new RunIndexer(taxonomy, true);
  const contentHashes: ContentHash[] = [];
  const readMessages: CorpusMessage[] = [];
  const ready = new Map<number, SplitEntry[]>();
  const unpacker = new SplitUnpacker();
  let postsSeen = 0;
  for (let next = 0; next < listed.length; ) {
    for (let m = receiveMessageOnPort(port1); m; m = receiveMessageOnPort(port1)) {
      const batch = unpacker.unpack(m.message as PackedSplitBatch);
      ready.set(batch.start, batch.entries);
    }
    const entries = ready.get(next);
    if (entries) {
      ready.delete(next);
      for (const e of entries) {
        if (e.split) {
          indexer.addSplit(e.split);
          if (e.hash) contentHashes.push(e.hash);
        } else if (e.readMessage) readMessages.push(e.readMessage);
        else {
          indexer.skipped(e.file, { message: e.error });
          if (e.hash) contentHashes.push(e.hash);
        }
      }
      next += BATCH_DOCUMENTS;
      continue;
    }
    // The next batch has not come: split one here while there are any left.
    const start = options.help === false ? undefined : takeBatch(counters, listed.length);
    if (start !== undefined) {
      ready.set(start, splitBatch(listed, start, limits, hashContents).entries);
      continue;
    }
    if (workerGone) {
      // The worker has stopped: what it took and did not send, and what nobody took, is split here.
      for (let s = next; s < listed.length; s += BATCH_DOCUMENTS) if (!ready.has(s)) ready.set(s, splitBatch(listed, s, limits, hashContents).entries);
      continue;
    }
    // Wait for the worker's next batch without blocking this thread's event loop (its exit is an event).
    const posted = Atomics.load(counters, POSTED);
    if (posted === postsSeen) await atomics.waitAsync(counters, POSTED, posted, 50).value;
    postsSeen = Atomics.load(counters, POSTED);
  }
  port1.close();
  const run = indexer.finish() as IndexedRun & { words: WordIndexData };
  return { ...run, contentHashes, readMessages };
}
