import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { encodeColumnFile } from '../../src/core/columnFile';
import { IndexedDocument } from '../../src/core/corpus';
import { INDEX_FORMAT } from '../../src/core/indexCache';
import { OpenedIndex, openIndex } from '../../src/core/indexStore';
import { packDocuments, packSnippets, unpackSnippets } from '../../src/core/snapshotColumns';
import { Snippet } from '../../src/core/snippet';
import { WordIndex, WordIndexBuilder, packWordIndex } from '../../src/core/wordIndex';
import { TAXONOMY_FILE } from './helpers';

describe('warm start from the index cache', () => {
  let dir: string;
  let corpus: string;
  let cacheFile: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cw-warm-'));
    corpus = path.join(dir, 'corpus');
    cacheFile = path.join(dir, 'storage', 'index.bin');
    mkdirSync(path.join(corpus, 'sub'), { recursive: true });
    writeFileSync(path.join(corpus, 'a.txt'), 'Fusion Notes\nSpinal fusion may limit spinal flexibility. It joins two vertebrae.\n');
    writeFileSync(path.join(corpus, 'sub', 'b.md'), '---\ntitle: Señor Laminectomy\nreviewed: 2026-01-10\n---\n\nLaminectomy removes part of the lamina — carefully. The naïve disc heals 😀 slowly.\n');
    writeFileSync(path.join(corpus, 'c.txt'), 'Repeat\nSpinal fusion may limit spinal flexibility.\n');
    writeFileSync(path.join(corpus, 'empty.txt'), '');
    writeFileSync(path.join(corpus, 'bin.txt'), Buffer.from([0x41, 0x00, 0x42]));
    writeFileSync(path.join(corpus, 'taxonomy.json'), JSON.stringify({ procedures: [{ id: 'kyphoplasty', label: 'Kyphoplasty', aliases: ['kyphoplasty'] }] }));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const open = () => openIndex({ folders: [corpus], taxonomyFile: TAXONOMY_FILE, cacheFile });

  const assertSame = (warm: OpenedIndex, cold: OpenedIndex) => {
    assert.equal(warm.fromCache, true);
    assert.equal(warm.corpus.snippets.length, cold.corpus.snippets.length);
    warm.corpus.snippets.forEach((s, i) => {
      const c = cold.corpus.snippets[i];
      for (const field of ['id', 'text', 'procedures', 'topics', 'source'] as const) assert.deepEqual(s[field], c[field], `snippet ${i} ${field}`);
      assert.deepEqual(Object.keys(s), Object.keys(c));
      assert.deepEqual(Object.keys(s.source), Object.keys(c.source));
      assert.equal(JSON.stringify(s), JSON.stringify(c));
    });
    assert.deepEqual(warm.corpus.snippets, cold.corpus.snippets);
    assert.deepEqual(warm.corpus.documents, cold.corpus.documents);
    assert.deepEqual(warm.corpus.messages, cold.corpus.messages);
    assert.deepEqual(warm.corpus.taxonomy, cold.corpus.taxonomy);
    assert.equal(warm.key, cold.key);
    for (const query of ['lamina carefuly', 'fusion', 'naive disc', '@kyphoplasty', 'vertebrae spinal', 'señor']) {
      assert.deepEqual(
        warm.search.search(query).map((r) => [r.snippet.id, r.score, r.highlights]),
        cold.search.search(query).map((r) => [r.snippet.id, r.score, r.highlights]),
        query,
      );
    }
  };

  it('loads exactly the index it built: every snippet field, documents, messages, taxonomy, search', async () => {
    const cold = await open();
    assert.equal(cold.fromCache, false);
    const warm = await open();
    assertSame(warm, cold);
    // By hand: where each sentence is (columns count UTF-16 units: the emoji is two), the accented, dashed and astral ones too.
    const b = path.join(corpus, 'sub', 'b.md');
    const texts = warm.corpus.snippets.map((s) => [s.text, s.source.file, s.source.corpusPath, s.source.title, s.source.line, s.source.column, s.source.endLine, s.source.endColumn]);
    assert.deepEqual(texts, [
      ['Spinal fusion may limit spinal flexibility.', path.join(corpus, 'a.txt'), 'a.txt', 'Fusion Notes', 2, 1, 2, 44],
      ['It joins two vertebrae.', path.join(corpus, 'a.txt'), 'a.txt', 'Fusion Notes', 2, 45, 2, 68],
      ['Spinal fusion may limit spinal flexibility.', path.join(corpus, 'c.txt'), 'c.txt', 'Repeat', 2, 1, 2, 44],
      ['Laminectomy removes part of the lamina — carefully.', b, 'sub/b.md', 'Señor Laminectomy', 6, 1, 6, 52],
      ['The naïve disc heals 😀 slowly.', b, 'sub/b.md', 'Señor Laminectomy', 6, 53, 6, 84],
    ]);
    assert.match(warm.corpus.snippets[4].id, /^cw-[0-9a-f]{14}$/);
    assert.deepEqual(warm.corpus.snippets[0].procedures, ['spinal-fusion']);
    assert.equal(warm.corpus.documents.find((d) => d.file === b)?.meta.reviewed, '2026-01-10');
    assert.ok(warm.corpus.messages.some((m) => m.file === path.join(corpus, 'bin.txt') && /binary/.test(m.message)));
  });

  it('rebuilds from a cache cut short anywhere, or of another format', async () => {
    const cold = await open();
    const bytes = readFileSync(cacheFile);
    // (Up to 7 bytes at the end are padding: cutting 8 cuts data.)
    for (const cut of [4, 64, Math.floor(bytes.length / 2), bytes.length - 8]) {
      writeFileSync(cacheFile, bytes.subarray(0, cut));
      const reopened = await open();
      assert.equal(reopened.fromCache, false, `cut at ${cut}`);
      assert.deepEqual(reopened.corpus.snippets, cold.corpus.snippets);
    }
    writeFileSync(cacheFile, encodeColumnFile({ format: INDEX_FORMAT - 1, sources: [], files: {}, snippets: {} }, ['snippets', 'files']));
    assert.equal((await open()).fromCache, false, 'old format');
    assertSame(await open(), cold);
  });

  it('keeps a snippet whose source is not its document exact', () => {
    const document: IndexedDocument = { file: '/c/a.txt', folder: '/c', corpusPath: 'a.txt', title: 'A', format: 'text', meta: {}, procedures: [], snippetCount: 3 };
    const source = { file: '/c/a.txt', corpusPath: 'a.txt', title: 'A', line: 2, column: 1, endLine: 2, endColumn: 6 };
    const snippets: Snippet[] = [
      { id: 'cw-1', text: 'Één.', procedures: ['x'], topics: [], source },
      { id: 'cw-2-2', text: 'Two 𝄞.', procedures: [], topics: ['t', 'u'], source: { ...source, title: 'Other', file: '/elsewhere.txt', line: 70000 } },
      { id: 'cw-3', text: 'Lone \ud800 half.', procedures: ['x'], topics: [], source },
    ];
    assert.deepEqual(unpackSnippets(packSnippets(snippets, [document]), packDocuments([document])), snippets);
  });

  it('packs the word index (gaps of one to three bytes) and reads every list back', () => {
    const builder = new WordIndexBuilder();
    for (let doc = 0; doc < 40_000; doc++) {
      builder.add(`all ${doc % 2 ? 'odd' : 'even'} ${doc % 200 === 0 ? 'rare' : ''} ${doc % 20_000 === 0 ? 'rarest' : ''}`);
      builder.endDocument();
    }
    const data = builder.finish();
    const packed = packWordIndex(data);
    assert.ok(packed.gaps.length < data.postings.length * 4);
    const loaded = WordIndex.fromPacked(packed);
    assert.deepEqual(loaded.toData(), data);
    assert.deepEqual(loaded.candidates(['rarest'], 5), WordIndex.fromData(data).candidates(['rarest'], 5));
    assert.deepEqual(loaded.candidates(['rarest'], 5).slice(0, 2), [0, 20_000]);
  });
});
