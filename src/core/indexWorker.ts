// Worker thread entry (bundled to dist/indexWorker.js, compiled to out/src/core/indexWorker.js):
// indexes one run of corpus files for parallelIndex.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { CorpusFile } from './corpusFiles';
import { indexFileRun } from './corpus';
import { Taxonomy } from './taxonomy';

const { files, taxonomy } = workerData as { files: CorpusFile[]; taxonomy: Taxonomy };
const run = indexFileRun(files, taxonomy, true);
const transfer = run.words ? [run.words.offsets.buffer, run.words.postings.buffer] : [];
parentPort!.postMessage(run, transfer as ArrayBuffer[]);
