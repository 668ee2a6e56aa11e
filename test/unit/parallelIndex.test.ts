import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { indexFileRun } from '../../src/core/corpus';
import { splitDocument } from '../../src/core/documentSplit';
import { snippetWordIndex, tagNames } from '../../src/core/snippetWordIndex';
import { CorpusFile, DEFAULT_READ_LIMITS, listCorpusFolders, readListedFiles } from '../../src/core/corpusFiles';
import { contentHash } from '../../src/core/hash';
import { EarlyWorker, SplitWorker, indexListedInParallel } from '../../src/core/parallelIndex';
import { SplitBatch, SplitPacker, SplitUnpacker } from '../../src/core/splitBatches';
import { SentenceTagMemo } from '../../src/core/sentenceTagMemo';
import { Tagger } from '../../src/core/taxonomy';
import { SnippetSearch } from '../../src/core/search';
import { WordIndex } from '../../src/core/wordIndex';
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
  it('sends a worker\'s batches with each repeated sentence as the number of its first sending', () => {
    const files = corpusFiles().filter((f) => f.text.length > 0 && !f.file.endsWith('.md'));
    const batches: SplitBatch[] = [
      { start: 0, entries: files.slice(0, 5).map((f) => ({ split: splitDocument(f), hash: undefined })) },
      { start: 5, entries: [{ readMessage: { file: '/x/gone.txt', level: 'warning', message: 'skipped: gone' } }, ...files.slice(5).map((f) => ({ split: splitDocument(f), hash: [f.file, 'h'] as [string, string] }))] },
    ];
    const expected = plain(batches);
    const packer = new SplitPacker();
    const unpacker = new SplitUnpacker();
    const numbered = new Map<string, number>();
    batches.forEach((batch, b) => {
      const packed = packer.pack(batch);
      const sent = batch.entries.flatMap((e) => (e.split ? [...e.split.headings, ...e.split.texts, ...e.split.ids] : [])).join('').length;
      // The second batch repeats the first's documents (copies under other names): their sentences go as numbers.
      if (b === 1) assert.ok(packed.strings.length < sent / 2, `${packed.strings.length} of ${sent} characters sent`);
      const unpacked = plain(unpacker.unpack(structuredClone(packed)));
      for (const e of unpacked.entries) {
        if (!e.split) continue;
        e.split.texts.forEach((text: string, k: number) => {
          // One number per distinct text, the same for every repeat.
          const number = e.split.textNumbers[k];
          if (!numbered.has(text)) numbered.set(text, number);
          assert.equal(number, numbered.get(text));
        });
        e.split.textNumbers = [];
      }
      assert.deepEqual(unpacked, expected[b]);
    });
    assert.equal(new Set(numbered.values()).size, numbered.size, 'distinct texts have distinct numbers');
  });

  it('tags a numbered sentence once per number, as the memo tags it by its text', async () => {
    const { taxonomy } = await bundledCorpus();
    const memo = new SentenceTagMemo(new Tagger(taxonomy), 2);
    const byText = new SentenceTagMemo(new Tagger(taxonomy));
    const texts = ['Spinal fusion carries a risk of infection.', 'Most patients walk the next day after a discectomy.', 'Recovery takes weeks.'];
    const first = memo.tagNumbered(0, texts[0]);
    assert.equal(memo.tagNumbered(0, texts[0]), first, 'a repeat is the same result');
    texts.forEach((text, n) => assert.deepEqual(plain(memo.tagNumbered(n, text).tags), plain(byText.tag(text).tags)));
    assert.deepEqual(plain(first.tags.subjects), ['spinal-fusion']);
    // Past its limit (2 here) the memo starts afresh: an old number is tagged anew, still rightly.
    assert.notEqual(memo.tagNumbered(0, texts[0]), first);
    assert.deepEqual(plain(memo.tagNumbered(0, texts[0]).tags), plain(first.tags));
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

  it('gives the one-thread result with a worker splitting batches, and without one when the worker fails or stops part-way', async () => {
    const { taxonomy } = await bundledCorpus();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cw-worker-'));
    try {
      const folder = path.join(dir, 'corpus');
      mkdirSync(folder);
      for (const f of corpusFiles()) writeFileSync(path.join(folder, f.corpusPath.replace('/', '-')), f.text);
      // Unreadable as text: the reading thread reports it.
      writeFileSync(path.join(folder, 'z-binary.txt'), Buffer.from([0x41, 0x00, 0x42]));
      const listed = (await listCorpusFolders([folder])).files;
      assert.ok(listed.length > 16, 'more documents than one batch');
      const read = readListedFiles(listed);
      // Content hashes of what was read, worked out here from the files on disk.
      const contentHashes = read.files.map((f) => [f.file, contentHash(readFileSync(f.file, 'utf8'))]);
      const expected = plain({ ...indexFileRun(read.files, taxonomy, true), contentHashes, readMessages: read.messages });
      assert.equal(contentHashes.length, corpusFiles().length, 'every readable file is hashed, the binary one is not');
      assert.ok(expected.messages.length >= 2, 'indexing has messages to join');
      assert.deepEqual(expected.readMessages.map((m: { file: string }) => path.basename(m.file)), ['z-binary.txt']);
      const parallel = await indexListedInParallel(listed, taxonomy, DEFAULT_READ_LIMITS, { minBytes: 0, hashContents: true });
      assert.deepEqual(plain(parallel), expected);
      // Snippets and documents share frozen tag lists: equal lists are one array.
      assert.ok(parallel.snippets.every((s) => Object.isFrozen(s.procedures) && Object.isFrozen(s.topics)));
      assert.ok(parallel.documents.every((d) => Object.isFrozen(d.procedures)), 'documents have frozen procedure lists');
      const pairs = parallel.documents.flatMap((d) => parallel.snippets.filter((s) => s.source.file === d.file && s.procedures.length > 0 && s.procedures.join() === d.procedures.join()).map((s) => [s.procedures, d.procedures]));
      assert.ok(pairs.length > 20, 'many snippets have their document\'s procedures');
      assert.ok(pairs.every(([a, b]) => a === b), 'equal lists are one array');
      // The worker's part alone: this thread splits nothing unless the worker stops.
      assert.deepEqual(plain(await indexListedInParallel(listed, taxonomy, DEFAULT_READ_LIMITS, { minBytes: 0, hashContents: true, help: false })), expected);
      // Not asked for: no hashes, the same run otherwise.
      assert.deepEqual(plain(await indexListedInParallel(listed, taxonomy, DEFAULT_READ_LIMITS, { minBytes: 0 })), { ...expected, contentHashes: [] });
      // A worker started ahead (as openIndex starts one before listing) gets its job here and does it all.
      const early = SplitWorker.start();
      assert.ok(early, 'the compiled worker entry is there');
      assert.deepEqual(plain(await indexListedInParallel(listed, taxonomy, DEFAULT_READ_LIMITS, { minBytes: 0, hashContents: true, help: false, worker: early })), expected);
      // One not needed after all (too few documents) is released, and ends.
      const unneeded = SplitWorker.start()!;
      assert.deepEqual(plain(await indexListedInParallel(listed, taxonomy, DEFAULT_READ_LIMITS, { minBytes: Infinity, hashContents: true, worker: unneeded })), expected);
      for (let waited = 0; !unneeded.stopped && waited < 10_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.ok(unneeded.stopped, 'a released worker that never had a job ends');
      // Started during a listing once 2 MB of documents are listed, and not before.
      const whenLarge = SplitWorker.whenLarge();
      const workerOf = (early: EarlyWorker) => early.worker;
      whenLarge.listed(1_999_999);
      assert.equal(workerOf(whenLarge), undefined, 'not for a small corpus');
      whenLarge.listed(1);
      const started = workerOf(whenLarge);
      assert.ok(started, 'started at 2 MB');
      whenLarge.listed(5_000_000);
      assert.equal(workerOf(whenLarge), started, 'started once');
      started.release();
      const broken = path.join(dir, 'broken.js');
      writeFileSync(broken, 'throw new Error("no worker today");');
      for (const help of [true, false]) {
        assert.deepEqual(plain(await indexListedInParallel(listed, taxonomy, DEFAULT_READ_LIMITS, { minBytes: 0, workerFile: broken, hashContents: true, help })), expected);
        assert.deepEqual(plain(await indexListedInParallel(listed, taxonomy, DEFAULT_READ_LIMITS, { minBytes: 0, workerFile: path.join(dir, 'missing.js'), hashContents: true, help })), expected);
      }
      // A worker that sends one batch, takes another and stops without sending it: this thread splits that one and the rest.
      const quitter = path.join(dir, 'quitter.js');
      const module = JSON.stringify(path.join(__dirname, '../../src/core/splitBatches.js'));
      writeFileSync(
        quitter,
        `const { workerData } = require('node:worker_threads');
         const { SplitPacker, splitBatch, takeBatch } = require(${module});
         const { counters, port } = workerData;
         port.once('message', ({ listed, limits, hashContents }) => {
           const first = takeBatch(counters, listed.length);
           port.postMessage(new SplitPacker().pack(splitBatch(listed, first, limits, hashContents)));
           takeBatch(counters, listed.length);
           process.exit(3);
         });`,
      );
      assert.deepEqual(plain(await indexListedInParallel(listed, taxonomy, DEFAULT_READ_LIMITS, { minBytes: 0, workerFile: quitter, hashContents: true, help: false })), expected);
      // A worker that is still starting when this thread has split and indexed everything does not keep the process alive.
      const sleeper = path.join(dir, 'sleeper.js');
      writeFileSync(sleeper, `const end = Date.now() + 20000; while (Date.now() < end);\nrequire(${module}).serveSplitter(require('node:worker_threads').workerData);`);
      const core = JSON.stringify(path.join(__dirname, '../../src/core'));
      const child = spawnSync(
        process.execPath,
        [
          '-e',
          `const core = ${core};
           const { indexListedInParallel } = require(core + '/parallelIndex.js');
           const { listCorpusFolders, DEFAULT_READ_LIMITS } = require(core + '/corpusFiles.js');
           const { parseTaxonomy } = require(core + '/taxonomy.js');
           const taxonomy = parseTaxonomy(JSON.parse(require('node:fs').readFileSync(${JSON.stringify(path.join(CORPUS_DIR, 'taxonomy.json'))}, 'utf8')));
           listCorpusFolders([${JSON.stringify(folder)}]).then(({ files }) => indexListedInParallel(files, taxonomy, DEFAULT_READ_LIMITS, { minBytes: 0, workerFile: ${JSON.stringify(sleeper)} }))
             .then((run) => console.log(run.snippets.length));`,
        ],
        { encoding: 'utf8', timeout: 15_000 },
      );
      assert.equal(child.status, 0, `exited with ${child.status} (${child.signal ?? ''}): ${child.stderr}`);
      assert.equal(Number(child.stdout.trim()), expected.snippets.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
