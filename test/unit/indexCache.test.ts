import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { openIndex } from '../../src/core/indexStore';
import { TAXONOMY_FILE } from './helpers';

describe('on-disk index cache', () => {
  let dir: string;
  let corpus: string;
  let cacheFile: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cw-cache-'));
    corpus = path.join(dir, 'corpus');
    cacheFile = path.join(dir, 'storage', 'index.bin');
    mkdirSync(corpus);
    writeFileSync(path.join(corpus, 'a.txt'), 'Fusion Notes\nSpinal fusion may limit spinal flexibility. It joins two vertebrae.\n');
    writeFileSync(path.join(corpus, 'b.md'), '# Laminectomy Notes\n\nLaminectomy removes part of the lamina — carefully.\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const open = () => openIndex({ folders: [corpus], taxonomyFile: TAXONOMY_FILE, cacheFile });

  it('builds, writes the cache, then loads the same index from it', async () => {
    const cold = await open();
    assert.equal(cold.fromCache, false);
    assert.equal(cold.cacheError, undefined);
    const warm = await open();
    assert.equal(warm.fromCache, true);
    assert.deepEqual(warm.corpus.snippets, cold.corpus.snippets);
    assert.deepEqual(warm.corpus.documents, cold.corpus.documents);
    // Built or loaded, tag lists are shared and frozen alike: no consumer can change another snippet's.
    for (const { corpus } of [cold, warm]) {
      const lists = [...corpus.snippets.flatMap((s) => [s.procedures, s.topics]), ...corpus.documents.map((d) => d.procedures)];
      assert.deepEqual(lists.filter((list) => !Object.isFrozen(list)), []);
    }
    assert.deepEqual(
      warm.search.search('lamina carefuly').map((r) => r.snippet.id),
      cold.search.search('lamina carefuly').map((r) => r.snippet.id),
    );
    assert.equal(warm.search.search('lamina carefuly')[0].snippet.text, 'Laminectomy removes part of the lamina — carefully.');
  });

  it('keeps repeated sentences and accented, dashed and astral text exact through the cache', async () => {
    // One-byte accents beside a wide dash in the same file, a sentence repeated across files, an emoji.
    writeFileSync(path.join(corpus, 'c.txt'), 'Café Notes\nThe naïve disc heals in señor patients. Pain eases — slowly 😀 for some.\nSpinal fusion may limit spinal flexibility.\n');
    const cold = await open();
    const warm = await open();
    assert.equal(warm.fromCache, true);
    assert.deepEqual(warm.corpus.snippets, cold.corpus.snippets);
    const texts = warm.corpus.snippets.map((s) => s.text);
    assert.ok(texts.includes('The naïve disc heals in señor patients.'));
    assert.ok(texts.includes('Pain eases — slowly 😀 for some.'));
    assert.equal(texts.filter((t) => t === 'Spinal fusion may limit spinal flexibility.').length, 2);
  });

  it("rebuilds when a file's contents change, but not when it is only touched", async () => {
    await open();
    const file = path.join(corpus, 'a.txt');
    const later = new Date(Date.now() + 60_000);
    utimesSync(file, later, later);
    assert.equal((await open()).fromCache, true, 'same contents, new time: still the cache');
    writeFileSync(file, 'Fusion Notes\nSpinal fusion joins three vertebrae.\n');
    const changed = await open();
    assert.equal(changed.fromCache, false);
    assert.ok(changed.corpus.snippets.some((s) => s.text === 'Spinal fusion joins three vertebrae.'));
  });

  it('rebuilds when a file is added or removed', async () => {
    await open();
    writeFileSync(path.join(corpus, 'c.txt'), 'Disc Notes\nDisc replacement preserves motion.\n');
    const added = await open();
    assert.equal(added.fromCache, false);
    assert.equal(added.corpus.documents.length, 3);
    rmSync(path.join(corpus, 'c.txt'));
    assert.equal((await open()).corpus.documents.length, 2);
  });

  it('treats a corrupt cache as no cache', async () => {
    await open();
    writeFileSync(cacheFile, 'not a snapshot at all');
    const reopened = await open();
    assert.equal(reopened.fromCache, false);
    assert.equal(reopened.corpus.snippets.length, 3);
    assert.equal((await open()).fromCache, true, 'and rewrites it');
  });

  it('still answers when the cache cannot be written', async () => {
    writeFileSync(path.join(dir, 'storage'), 'a file where the folder should be');
    const opened = await open();
    assert.equal(opened.corpus.snippets.length, 3);
    assert.ok(opened.cacheError);
  });
});
