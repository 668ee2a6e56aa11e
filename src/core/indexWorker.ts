// Worker thread entry (bundled to dist/indexWorker.js, compiled to out/src/core/indexWorker.js):
// indexes one run of corpus files for parallelIndex.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { CorpusFile } from './corpusFiles';
import { IndexedRun, indexFileRun } from './corpus';
import { packRun } from './parallelIndex';
import { WordIndexData } from './wordIndex';
import { Taxonomy } from './taxonomy';
import { lowerThisThreadsPriority } from './threadPriority';

// Background work: the thread that started it (and the editor's) come first.
lowerThisThreadsPriority();

const { files, taxonomy } = workerData as { files: CorpusFile[]; taxonomy: Taxonomy };
const packed = packRun(indexFileRun(files, taxonomy, true) as IndexedRun & { words: WordIndexData });
const transfer = [packed.words.offsets.buffer, packed.words.postings.buffer, packed.tagLists.buffer, packed.positions.buffer];
parentPort!.postMessage(packed, transfer as ArrayBuffer[]);
