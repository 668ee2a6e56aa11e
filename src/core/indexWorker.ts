// Worker thread entry (bundled to dist/indexWorker.js, compiled to out/src/core/indexWorker.js):
// reads and indexes one run of listed corpus documents for parallelIndex.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { WorkerJob, WorkerResult, packRun, readAndIndex, splitBySize } from './parallelIndex';
import { FileRunIndexer } from './corpus';

// At the usual priority (unlike the extension's engine worker): the thread that started this
// one indexes the other half meanwhile and waits for both, so a lowered priority only let
// V8's helper threads and other processes delay this half, and the whole build with it
// (with it the build ended later in 16 of 18 paired runs: by 190 ms on average over the last 10).
const { listed, limits, taxonomy, hashContents, parts } = workerData as WorkerJob;
// One indexer for all the parts: a sentence they share is tagged once.
const indexer = new FileRunIndexer(taxonomy, true);
const runs = splitBySize(listed, parts);
runs.forEach((files, i) => {
  const run = readAndIndex(files, limits, taxonomy, hashContents, indexer);
  const result: WorkerResult = { packed: packRun(run), contentHashes: run.contentHashes, readMessages: run.readMessages, last: i === runs.length - 1 };
  // Copied, not transferred: the first buffer this thread detached would make V8 throw away
  // all its optimised code that reads typed arrays (it assumes none is ever detached until
  // one is), and compile it again for the parts still to index (+300 ms of CPU at 100,000 sentences).
  parentPort!.postMessage(result);
});
