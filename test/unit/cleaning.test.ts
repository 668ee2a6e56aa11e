import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { mappedRange } from '../../src/core/mappedText';
import { removeTitleEchoes } from '../../src/core/titleEcho';
import { CORPUS_DIR, bundledCorpus } from './helpers';

const seedFiles = readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.txt'));
const titles = seedFiles.map((f) => readFileSync(path.join(CORPUS_DIR, f), 'utf8').split('\n')[0].trim());

describe('cleaning the seed web copy', () => {
  it('reads the five seed titles from line 1, misspelling included', () => {
    assert.equal(titles.length, 5);
    assert.ok(titles.includes('The Back Surgury Risks Benefits'));
  });

  it('leaves no title echo in any snippet of any seed', async () => {
    const corpus = await bundledCorpus();
    assert.ok(corpus.snippets.length > 100);
    for (const snippet of corpus.snippets) {
      for (const title of titles) {
        assert.ok(!snippet.text.toLowerCase().includes(title.toLowerCase()), `"${title}" echoed in: ${snippet.text}`);
      }
    }
  });

  it('takes each document title from its own first line', async () => {
    const corpus = await bundledCorpus();
    assert.deepEqual(corpus.documents.map((d) => d.title).sort(), [...titles].sort());
  });

  it('removes an echo at the start, the end and between sentences, keeping offsets', () => {
    const line = 'Knee Care Guide Rest helps. Ice helps too. Knee Care Guide Then walk. Knee Care Guide';
    const cleaned = removeTitleEchoes(mappedRange(line, 0, line.length), 'Knee Care Guide');
    assert.equal(cleaned.text.replace(/\s+/g, ' ').trim(), 'Rest helps. Ice helps too. Then walk.');
    // Every kept character still points at the same character in the original.
    for (let i = 0; i < cleaned.text.length; i++) assert.equal(line[cleaned.offsets[i]], cleaned.text[i]);
  });

  it('keeps a title that is part of a sentence', () => {
    const line = 'Spinal fusion surgery joins two vertebrae.';
    const cleaned = removeTitleEchoes(mappedRange(line, 0, line.length), 'Spinal Fusion Surgery');
    assert.equal(cleaned.text, line);
  });

  it('matches echoes in any case and spacing', () => {
    const line = 'THE  KNEE care guide Rest helps.';
    assert.equal(removeTitleEchoes(mappedRange(line, 0, line.length), 'The Knee Care Guide').text.trim(), 'Rest helps.');
  });

  it('keeps typographic quotes and apostrophes as written', async () => {
    const corpus = await bundledCorpus();
    assert.ok(corpus.snippets.some((s) => s.text.includes('surgeon’s expertise')));
  });
});
