import * as assert from 'node:assert/strict';
import { mkdtempSync, cpSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadCorpus } from '../../src/core/corpus';
import { LineIndex } from '../../src/core/lineIndex';
import { CORPUS_DIR, TAXONOMY_FILE, bundledCorpus } from './helpers';

describe('provenance', () => {
  it('every snippet is verbatim in its file between its line/column and endLine/endColumn', async () => {
    const corpus = await bundledCorpus();
    const texts = new Map<string, string>();
    for (const s of corpus.snippets) {
      if (!texts.has(s.source.file)) texts.set(s.source.file, readFileSync(s.source.file, 'utf8'));
      const text = texts.get(s.source.file)!;
      const index = new LineIndex(text);
      const start = index.offset({ line: s.source.line, column: s.source.column });
      const end = index.offset({ line: s.source.endLine, column: s.source.endColumn });
      assert.equal(text.slice(start, end).replace(/\s+/g, ' '), s.text, `${s.source.corpusPath}:${s.source.line}:${s.source.column}`);
    }
  });

  it('reports positions after the removed title echo (checked by hand)', async () => {
    const corpus = await bundledCorpus();
    // Line 4 of 003 starts with the 32-character title and a space, so its first sentence starts at column 34.
    const first = corpus.snippets.find((s) => s.text.startsWith('In terms of outcomes, many patients'));
    assert.ok(first);
    assert.deepEqual([first.source.corpusPath, first.source.line, first.source.column], ['003_1fbb8bf97bb429d7.txt', 4, 34]);
    // Line 5 of 000 has no echo: "Spinal fusion is a procedure" starts at column 1.
    const fusion = corpus.snippets.find((s) => s.text.startsWith('Spinal fusion is a procedure'));
    assert.deepEqual([fusion?.source.line, fusion?.source.column], [5, 1]);
  });

  it('gives stable ids that do not depend on where the corpus folder lives', async () => {
    const copy = mkdtempSync(path.join(tmpdir(), 'cw-corpus-'));
    try {
      cpSync(CORPUS_DIR, copy, { recursive: true });
      const moved = await loadCorpus({ folders: [copy], taxonomyFile: TAXONOMY_FILE });
      const original = await bundledCorpus();
      assert.deepEqual(moved.snippets.map((s) => s.id), original.snippets.map((s) => s.id));
      assert.equal(new Set(original.snippets.map((s) => s.id)).size, original.snippets.length, 'ids are unique');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
