import * as path from 'node:path';
import { Corpus, loadCorpus } from '../../src/core/corpus';

/** The repository root (tests run from out/test/unit). */
export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const CORPUS_DIR = path.join(ROOT, 'corpus');
export const TAXONOMY_FILE = path.join(CORPUS_DIR, 'taxonomy.json');

let bundled: Promise<Corpus> | undefined;
/** The bundled corpus, loaded once per test run. */
export function bundledCorpus(): Promise<Corpus> {
  bundled ??= loadCorpus({ folders: [CORPUS_DIR], taxonomyFile: TAXONOMY_FILE });
  return bundled;
}
