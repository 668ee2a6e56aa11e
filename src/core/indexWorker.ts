// Worker thread entry (bundled to dist/indexWorker.js, compiled to out/src/core/indexWorker.js):
// reads and indexes one run of listed corpus documents for parallelIndex.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { WorkerJob, WorkerResult, packRun, readAndIndex } from './parallelIndex';
import { lowerThisThreadsPriority } from './threadPriority';

// Background work: the thread that started it (and the editor's) come first.
lowerThisThreadsPriority();

const { listed, limits, taxonomy, hashContents } = workerData as WorkerJob;
const run = readAndIndex(listed, limits, taxonomy, hashContents);
const result: WorkerResult = { packed: packRun(run), contentHashes: run.contentHashes, readMessages: run.readMessages };
const { words, tagLists, positions, stringEnds } = result.packed;
parentPort!.postMessage(result, [words.offsets.buffer, words.postings.buffer, tagLists.buffer, positions.buffer, stringEnds.buffer] as ArrayBuffer[]);
