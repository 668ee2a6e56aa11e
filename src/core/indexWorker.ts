// Worker thread entry (bundled to dist/indexWorker.js, compiled to out/src/core/indexWorker.js):
// reads and indexes one run of listed corpus documents for parallelIndex.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { WorkerJob, WorkerResult, packRun, readAndIndex } from './parallelIndex';

// At the usual priority (unlike the extension's engine worker): the thread that started this
// one indexes the other half meanwhile and waits for both, so a lowered priority only let
// V8's helper threads and other processes delay this half, and the whole build with it
// (with it the build ended later in 16 of 18 paired runs: by 190 ms on average over the last 10).
const { listed, limits, taxonomy, hashContents } = workerData as WorkerJob;
const run = readAndIndex(listed, limits, taxonomy, hashContents);
const result: WorkerResult = { packed: packRun(run), contentHashes: run.contentHashes, readMessages: run.readMessages };
const { words, tagRefs, positions, stringEnds } = result.packed;
parentPort!.postMessage(result, [words.offsets.buffer, words.postings.buffer, tagRefs.buffer, positions.buffer, stringEnds.buffer] as ArrayBuffer[]);
