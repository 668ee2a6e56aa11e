import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { MessageChannel, MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { IndexedRun, RunIndexer, indexFileRun } from './corpus';
import { CorpusMessage, ListedFile, ReadLimits, readListedFiles } from './corpusFiles';
import { contentHash } from './hash';
import { BATCH_DOCUMENTS, ContentHash, POSTED, PackedSplitBatch, SplitEntry, SplitUnpacker, WorkerJob, WorkerStart, splitBatch, takeBatch } from './splitBatches';
import { Taxonomy } from './taxonomy';
import { WordIndexData } from './wordIndex';

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
  /**
   * Split batches in this thread too when the next has not come from the worker
   * (default true; tests turn it off to see the worker's part alone).
   */
  help?: boolean;
  /** A worker started earlier (SplitWorker.start), used here if wanted and released either way. */
  worker?: SplitWorker;
}

/** A SplitWorker to be started during the listing if the corpus is large (SplitWorker.whenLarge). */
export interface EarlyWorker {
  /** Hears of each document listed, by its size. */
  listed(size: number): void;
  readonly worker: SplitWorker | undefined;
}

/**
 * The worker thread indexListedInParallel splits with, startable while the
 * documents are still being listed (whenLarge): creating it costs this thread a
 * few milliseconds, and its start-up (about 50 ms, more on a busy machine) then
 * runs on the other core during the listing rather than after it (measured on
 * the 100k bench corpus: its first batch came about 50 ms sooner, and the build
 * was faster in 10 of 16 interleaved runs). Released when done with.
 */
export class SplitWorker {
  /** Shared counters (NEXT, POSTED; see splitBatches). */
  readonly counters = new Int32Array(new SharedArrayBuffer(8));
  readonly port: MessagePort;
  private readonly worker: Worker | undefined;
  private gone = false;

  private constructor(entry: string) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    let worker: Worker | undefined;
    try {
      const start: WorkerStart = { counters: this.counters, port: port2 };
      worker = new Worker(entry, { workerData: start, transferList: [port2], name: 'clinical-writer-index' });
      worker.once('error', () => (this.gone = true));
      worker.once('exit', () => (this.gone = true));
    } catch {
      this.gone = true;
    }
    this.worker = worker;
  }

  /**
   * Starts a worker while the corpus is listed, as soon as the documents listed
   * so far are enough to need one: pass `listed` to listCorpusFolders, then
   * `worker` on. A small corpus never starts one.
   */
  static whenLarge(): EarlyWorker {
    let bytes = 0;
    let worker: SplitWorker | undefined;
    return {
      listed: (size) => {
        bytes += size;
        if (worker === undefined && bytes >= PARALLEL_MIN_BYTES) worker = SplitWorker.start();
      },
      get worker() {
        return worker;
      },
    };
  }

  /** A started worker; undefined when there is no worker entry (an unbundled build without one). */
  static start(entry = defaultWorkerFile()): SplitWorker | undefined {
    return entry ? new SplitWorker(entry) : undefined;
  }

  /** Whether the worker has failed or exited. */
  get stopped(): boolean {
    return this.gone;
  }

  /** Sends the worker its documents. */
  give(job: WorkerJob): void {
    this.port.postMessage(job);
  }

  /**
   * Done with it (every batch in, or none wanted): the channel closes, which ends
   * a worker waiting for a job, and a worker still starting no longer keeps a
   * command line's process waiting for it. Safe to call more than once.
   */
  release(): void {
    this.port.close();
    this.worker?.unref();
  }
}

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

// Atomics.waitAsync (V8 8.7, Node 16) is newer than the ES2022 library types.
const atomics = Atomics as unknown as { waitAsync(array: Int32Array, index: number, value: number, timeout: number): { value: Promise<string> | string } };

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
  const hashContents = options.hashContents ?? false;
  const wanted = options.parallel !== false && total >= (options.minBytes ?? PARALLEL_MIN_BYTES);
  const worker = wanted ? (options.worker ?? SplitWorker.start(options.workerFile)) : undefined;
  if (!worker) {
    options.worker?.release();
    return readAndIndex(listed, limits, taxonomy, hashContents);
  }
  try {
    worker.give({ listed, limits, hashContents });
    return await splitWith(worker, listed, taxonomy, limits, options.help !== false, hashContents);
  } finally {
    worker.release();
  }
}

/** The loop of indexListedInParallel once the worker has its job. */
async function splitWith(worker: SplitWorker, listed: readonly ListedFile[], taxonomy: Taxonomy, limits: ReadLimits, help: boolean, hashContents: boolean): Promise<ListedRun> {
  const { counters, port } = worker;
  const indexer = new RunIndexer(taxonomy, true);
  const contentHashes: ContentHash[] = [];
  const readMessages: CorpusMessage[] = [];
  const ready = new Map<number, SplitEntry[]>();
  const unpacker = new SplitUnpacker();
  let postsSeen = 0;
  for (let next = 0; next < listed.length; ) {
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
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
          indexer.skipped(e.file, e.error);
          if (e.hash) contentHashes.push(e.hash);
        }
      }
      next += BATCH_DOCUMENTS;
      continue;
    }
    // The next batch has not come: split one here while there are any left.
    const start = help ? takeBatch(counters, listed.length) : undefined;
    if (start !== undefined) {
      ready.set(start, splitBatch(listed, start, limits, hashContents).entries);
      continue;
    }
    if (worker.stopped) {
      // The worker has stopped: what it took and did not send, and what nobody took, is split here.
      for (let s = next; s < listed.length; s += BATCH_DOCUMENTS) if (!ready.has(s)) ready.set(s, splitBatch(listed, s, limits, hashContents).entries);
      continue;
    }
    // Wait for the worker's next batch without blocking this thread's event loop (its exit is an event).
    const posted = Atomics.load(counters, POSTED);
    if (posted === postsSeen) await atomics.waitAsync(counters, POSTED, posted, 50).value;
    postsSeen = Atomics.load(counters, POSTED);
  }
  const run = indexer.finish() as IndexedRun & { words: WordIndexData };
  return { ...run, contentHashes, readMessages };
}
