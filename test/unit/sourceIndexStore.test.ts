import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SOURCE_INDEX_FORMAT, SourceIndexData } from '../../src/core/claims/aligner';
import { ClaimChecker } from '../../src/core/claims/checker';
import { encodeColumnFile } from '../../src/core/columnFile';
import { openIndex } from '../../src/core/indexStore';
import { readSourceIndex, sourceIndexFile, writeSourceIndex } from '../../src/core/sourceIndexStore';
import { CORPUS_DIR, TAXONOMY_FILE } from './helpers';

describe("the checker's stored source index", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'cw-checker-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const leaflet = [
    '# Your operation',
    '',
    'Spinal fusion permanently joins two or more vertebrae. Laminectomy removes part of the lamina.',
    'Spinal fusion is completely risk-free. Parking costs four pounds a day.',
  ].join('\n');

  it('is keyed by the corpus index and gives the same findings as a freshly built one', async () => {
    const cacheFile = path.join(dir, 'index.bin');
    const opened = await openIndex({ folders: [CORPUS_DIR], taxonomyFile: TAXONOMY_FILE, cacheFile });
    assert.ok(opened.key, 'an index with a cache file has a key');
    const reopened = await openIndex({ folders: [CORPUS_DIR], taxonomyFile: TAXONOMY_FILE, cacheFile });
    assert.equal(reopened.fromCache, true);
    assert.equal(reopened.key, opened.key, 'the same inputs give the same key from the cache');

    const fresh = new ClaimChecker(opened.corpus);
    const file = sourceIndexFile(cacheFile);
    assert.notEqual(file, cacheFile);
    assert.equal(writeSourceIndex(file, opened.key!, fresh.sourceIndexData()), undefined);
    const stored = readSourceIndex(file, reopened.key!);
    assert.ok(stored, 'read back under the same key');
    const loaded = new ClaimChecker(reopened.corpus, stored);
    assert.deepEqual(loaded.explain(leaflet, 'markdown'), fresh.explain(leaflet, 'markdown'));
    assert.equal(loaded.sourceIndexData(), stored, 'the stored index was used, not rebuilt');
    assert.ok(fresh.check(leaflet, 'markdown').some((f) => f.code === 'absolute'), 'the leaflet has a finding to compare');
  });

  it('is not used for another corpus index, nor when damaged', async () => {
    const corpus = (await openIndex({ folders: [CORPUS_DIR], taxonomyFile: TAXONOMY_FILE })).corpus;
    const file = path.join(dir, 'index.checker.bin');
    writeSourceIndex(file, 'key-a', new ClaimChecker(corpus).sourceIndexData());
    assert.ok(readSourceIndex(file, 'key-a'));
    assert.equal(readSourceIndex(file, 'key-b'), undefined);
    writeFileSync(file, 'damaged');
    assert.equal(readSourceIndex(file, 'key-a'), undefined);
    assert.equal(readSourceIndex(path.join(dir, 'missing.bin'), 'key-a'), undefined);
  });

  it('is not used when stored in an older format (the checker rebuilds it)', async () => {
    const corpus = (await openIndex({ folders: [CORPUS_DIR], taxonomyFile: TAXONOMY_FILE })).corpus;
    const file = path.join(dir, 'index.checker.bin');
    const data = new ClaimChecker(corpus).sourceIndexData();
    assert.ok(SOURCE_INDEX_FORMAT >= 2);
    // As the format before stored harms wrote it: no harm lists.
    const { harms, harmStarts, harmGroups, ...old } = data;
    assert.ok(harms && harmStarts && harmGroups);
    writeFileSync(file, encodeColumnFile({ key: 'k', format: 1, index: { ...old, format: 1 } }, ['index']));
    assert.equal(readSourceIndex(file, 'k'), undefined);
    const checker = new ClaimChecker(corpus, { ...old, format: SOURCE_INDEX_FORMAT } as unknown as SourceIndexData);
    const text = 'Spinal fusion is completely risk-free.';
    assert.deepEqual(checker.explain(text, 'text'), new ClaimChecker(corpus).explain(text, 'text'));
    assert.notEqual(checker.sourceIndexData().harms, undefined, 'rebuilt');
  });

  it('says why it could not be written', async () => {
    const corpus = (await openIndex({ folders: [CORPUS_DIR], taxonomyFile: TAXONOMY_FILE })).corpus;
    writeFileSync(path.join(dir, 'blocked'), 'a file where the folder should be');
    assert.match(writeSourceIndex(path.join(dir, 'blocked', 'x.checker.bin'), 'k', new ClaimChecker(corpus).sourceIndexData()) ?? '', /./);
  });
});
