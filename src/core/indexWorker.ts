// Worker thread entry (bundled to dist/indexWorker.js, compiled to out/src/core/indexWorker.js):
// reads and splits batches of listed corpus documents for parallelIndex.ts, once it is sent them.
import { workerData } from 'node:worker_threads';
import { WorkerStart, serveSplitter } from './splitBatches';

// At the usual priority (unlike the extension's engine worker): the thread that started this
// one indexes meanwhile and waits for its batches, so a lowered priority only let V8's helper
// threads and other processes delay them, and the whole build with them.
serveSplitter(workerData as WorkerStart);
