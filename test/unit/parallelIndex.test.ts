import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { indexFileRun } from '../../src/core/corpus';
import { snippetWordIndex, tagNames } from '../../src/core/snippetWordIndex';
import { CorpusFile, DEFAULT_READ_LIMITS, listCorpusFolders, readListedFiles } from '../../src/core/corpusFiles';
import { contentHash } from '../../src/core/indexCache';
import { indexListedInParallel } from '../../src/core/parallelIndex';
import { SnippetSearch } from '../../src/core/search';
import { WordIndex, concatWordIndexes } from '../../src/core/wordIndex';
import { CORPUS_DIR, bundledCorpus } from './helpers';

const plain = <T>(value: T) => JSON.parse(JSON.stringify(value, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Int32Array) : v)));

/** The bundled documents, repeated under other names, plus an empty one and a broken one. */
function corpusFiles(): CorpusFile[] {
  const names = readdirSync(CORPUS_DIR).filter((n) => n.endsWith('.txt')).sort();
  const files: CorpusFile[] = [];
  for (let copy = 0; copy < 4; copy++) {
    for (const name of names) {
      const file = path.join(CORPUS_DIR, `${copy}-${name}`);
      files.push({ file, folder: CORPUS_DIR, corpusPath: `${copy}/${name}`, text: readFileSync(path.join(CORPUS_DIR, name), 'utf8') });
    }
  }
  files.splice(3, 0, { file: '/x/empty.txt', folder: '/x', corpusPath: 'empty.txt', text: '' });
  files.splice(7, 0, { file: '/x/bad.md', folder: '/x', corpusPath: 'bad.md', text: '---\n: : :\n  - x\n---\nText.' });
  return files;
}

describe('parallel indexing', () => {
  it('joins word indexes of consecutive runs into the index of them all', () => {
    const texts = ['Spinal fusion heals', 'fusion fails', '', 'Disc replacement', 'heals fusion disc', 'new words here', 'fusion'];
    const whole = WordIndex.build(texts).toData();
    for (let cut = 0; cut <= texts.length; cut++) {
      const joined = concatWordIndexes([WordIndex.build(texts.slice(0, cut)).toData(), WordIndex.build(texts.slice(cut)).toData()]);
      assert.deepEqual(plain(joined), plain(whole), `cut at ${cut}`);
    }
  });

  it('builds the word index of each snippet read as one string: text, procedure names, topic names', async () => {
    const corpus = await bundledCorpus();
    const names = tagNames(corpus.taxonomy);
    const joined = corpus.snippets.map((s) => [s.text, ...s.procedures.map((p) => names.procedures.get(p)), ...s.topics.map((t) => names.topics.get(t))].join(' '));
    assert.ok(joined.some((j) => /discectomy/i.test(j) && /risk/i.test(j)), 'tag names are part of what is indexed');
    assert.deepEqual(plain(snippetWordIndex(corpus.snippets, corpus.taxonomy).toData()), plain(WordIndex.build(joined).toData()));
  });

  it('indexes with the word index the search builds, also when the tagger starts a fresh word table', async () => {
    const { taxonomy } = await bundledCorpus();
    const files = corpusFiles();
    // Enough distinct words that the tagger drops its word table part-way through.
    const many = Array.from({ length: 21 }, (_, s) => `Spinal fusion ${Array.from({ length: 10_000 }, (_, i) => `w${s}x${i}`).join(' ')}.`).join(' ');
    files.splice(5, 0, { file: '/x/many.txt', folder: '/x', corpusPath: 'many.txt', text: `Many words\n${many}` });
    const run = indexFileRun(files, taxonomy, true);
    const fromSearch = new SnippetSearch(run.snippets, taxonomy).wordIndex.toData();
    assert.deepEqual(plain(run.words), plain(fromSearch));
  });

  it('gives the one-thread result with a worker reading its own half, and without one when the worker fails', async () => {
    const { taxonomy } = await bundledCorpus();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cw-worker-'));
    try {
      const folder = path.join(dir, 'corpus');
      mkdirSync(folder);
      for (const f of corpusFiles()) writeFileSync(path.join(folder, f.corpusPath.replace('/', '-')), f.text);
      // Unreadable as text, in the later half: the worker's reading reports it.
      writeFileSync(path.join(folder, 'z-binary.txt'), Buffer.from([0x41, 0x00, 0x42]));
      const listed = (await listCorpusFolders([folder])).files;
      const read = readListedFiles(listed);
      // Content hashes of what was read, worked out here from the files on disk.
      const contentHashes = read.files.map((f) => [f.file, contentHash(readFileSync(f.file, 'utf8'))]);
      const expected = plain({ ...indexFileRun(read.files, taxonomy, true), contentHashes, readMessages: read.messages });
      assert.equal(contentHashes.length, corpusFiles().length, 'every readable file is hashed, the binary one is not');
      assert.ok(expected.messages.length >= 2, 'indexing has messages to join');
      assert.deepEqual(expected.readMessages.map((m: { file: string }) => path.basename(m.file)), ['z-binary.txt']);
      const parallel = await indexListedInParallel(listed, taxonomy, DEFAULT_READ_LIMITS, { minBytes: 0, hashContents: true });
      assert.deepEqual(plain(parallel), expected);
      // Both halves' snippets share frozen tag lists, the worker's as this thread's, and so do its documents.
      assert.ok(parallel.snippets.every((s) => Object.isFrozen(s.procedures) && Object.isFrozen(s.topics)));
      assert.ok(parallel.documents.every((d) => Object.isFrozen(d.procedures)), 'documents have frozen procedure lists');
      // In the worker's half (the later documents), a document's list is the one array its equal snippet lists are.
      const later = parallel.documents.slice(Math.ceil(parallel.documents.length / 2)).filter((d) => d.procedures.length > 0);
      const pairs = later.flatMap((d) => parallel.snippets.filter((s) => s.source.file === d.file && s.procedures.join() === d.procedures.join()).map((s) => [s.procedures, d.procedures]));
      assert.ok(pairs.length > 0, 'some snippets in the later half have their document\'s procedures');
      assert.ok(pairs.every(([a, b]) => a === b), 'equal lists are one array in the worker\'s half');
      // Not asked for: no hashes, the same run otherwise.
      assert.deepEqual(plain(await indexListedInParallel(listed, taxonomy, DEFAULT_READ_LIMITS, { minBytes: 0 })), { ...expected, contentHashes: [] });
      const broken = path.join(dir, 'broken.js');
      writeFileSync(broken, 'throw new Error("no worker today");');
      assert.deepEqual(plain(await indexListedInParallel(listed, taxonomy, DEFAULT_READ_LIMITS, { minBytes: 0, workerFile: broken, hashContents: true })), expected);
      assert.deepEqual(plain(await indexListedInParallel(listed, taxonomy, DEFAULT_READ_LIMITS, { minBytes: 0, workerFile: path.join(dir, 'missing.js'), hashContents: true })), expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
