import { MessagePort } from 'node:worker_threads';
import { CorpusMessage, ListedFile, ReadLimits, readListedFile } from './corpusFiles';
import { SplitDocument, emptySplit, splitDocument } from './documentSplit';
import { contentHash } from './hash';

// How a worker thread reads and splits corpus documents in batches for parallelIndex.ts: which
// batch each thread takes, how a batch travels between threads, and the worker's loop. It
// imports only the splitting half of indexing, which is all a worker loads.

/** Documents split per batch: enough that a message's cost is small beside the work in it. */
export const BATCH_DOCUMENTS = 16;

/** A document's path and the hash of the text read from it (`contentHash`). */
export type ContentHash = [file: string, hash: string];

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
      bare.push({ split: emptySplit(e.split), hash: e.hash });
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
      // Rebuilt rather than filled in as copied: see emptySplit.
      const { blocks, headings, texts, ids, positions, textNumbers } = (e.split = emptySplit(e.split));
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
export const NEXT = 0; // the first document no thread has taken
export const POSTED = 1; // batches the worker has sent

/**
 * What a worker starts with: the shared counters (NEXT, POSTED) and its end of
 * the channel. It may be started while the documents are still being listed,
 * so that its start-up overlaps the listing; its WorkerJob comes by message.
 */
export interface WorkerStart {
  counters: Int32Array;
  port: MessagePort;
}

/** The job a worker gets: split batches of the listed documents, taken as it goes, until none are left. */
export interface WorkerJob {
  listed: readonly ListedFile[];
  limits: ReadLimits;
  hashContents: boolean;
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

/** The worker's side: split batches and send them until no documents are left. */
export function runSplitter({ listed, limits, hashContents }: WorkerJob, { counters, port }: WorkerStart): void {
  const packer = new SplitPacker();
  for (let start = takeBatch(counters, listed.length); start !== undefined; start = takeBatch(counters, listed.length)) {
    port.postMessage(packer.pack(splitBatch(listed, start, limits, hashContents)));
    Atomics.add(counters, POSTED, 1);
    Atomics.notify(counters, POSTED);
  }
}

/** A worker's whole life: wait for its job, do it, and let the thread end. */
export function serveSplitter(start: WorkerStart): void {
  start.port.once('message', (job: WorkerJob) => {
    runSplitter(job, start);
    start.port.close();
  });
}
