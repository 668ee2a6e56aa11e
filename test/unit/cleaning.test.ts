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

  it('finds echoes of ASCII titles without patterns exactly where the title pattern finds them', () => {
    // The pattern the title stands for (any case as the `iu` flags fold it, any whitespace between words),
    // applied as removeTitleEchoes applies it, written here from the definition.
    const reference = (line: string, title: string): string => {
      const words = title.trim().split(/\s+/).filter(Boolean);
      if (words.length < 2) return line;
      const pattern = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+'), 'giu');
      const cuts: Array<[number, number]> = [];
      for (let m = pattern.exec(line); m; m = pattern.exec(line)) {
        const before = line.slice(0, m.index);
        const after = line.slice(m.index + m[0].length);
        const atStart = before.trim().length === 0 || /[.!?…:;)"”’]\s*$/u.test(before);
        const atEnd = after.trim().length === 0 || /^\s*[\p{Lu}\p{N}"“‘(]/u.test(after);
        if (atStart && atEnd && (after.length === 0 || /^\s/.test(after))) cuts.push([m.index, m.index + m[0].length]);
      }
      let kept = '';
      let cursor = 0;
      for (const [a, b] of cuts) {
        kept += line.slice(cursor, a);
        cursor = b;
      }
      return kept + line.slice(cursor);
    };
    const titles = ['Knee Care Guide', 'The Back Surgury Risks Benefits', 'Lumbar Discectomy: What to Expect', 'Spine (Lumbar) Guide 2', 'Back Back Pain', 'Wirbelsäule Ratgeber'];
    const pieces = ['Rest helps.', 'it may help', '. ', '', ' ', '  ', '\t', '\u00a0', '\u3000', '\u2028', 'é', 'ſ', '\u212a', 'x', '(', '“', '2'];
    let seed = 11;
    const pick = <T>(list: readonly T[]): T => list[(seed = (seed * 48271) % 2147483647) % list.length];
    // Any case, now and then with the two non-ASCII characters that match ASCII letters in any case.
    const variant = (ch: string) => (/s/i.test(ch) && pick([0, 1, 2, 3]) === 0 ? 'ſ' : /k/i.test(ch) && pick([0, 1, 2, 3]) === 0 ? '\u212a' : pick([0, 1]) ? ch.toUpperCase() : ch.toLowerCase());
    const recase = (word: string) => [...word].map(variant).join('');
    let compared = 0;
    let cut = 0;
    for (const title of titles) {
      const words = title.split(' ');
      for (let n = 0; n < 2000; n++) {
        let line = '';
        for (let part = pick([1, 2, 3, 4, 5, 6]); part > 0; part--) {
          if (pick([0, 1, 2]) === 0) line += pick(pieces);
          else {
            // The title or part of it, each word in any case, with some whitespace or none between.
            const from = pick([0, 0, 1]);
            for (let k = from; k < words.length - pick([0, 0, 0, 1]); k++) line += (k > from ? pick(['', ' ', '  ', '\t', '\u00a0', '\u2003', ' ']) : '') + recase(words[k]);
          }
          line += pick(['', ' ', '. ', ' Then walk.']);
        }
        const cleaned = removeTitleEchoes(mappedRange(line, 0, line.length), title);
        assert.equal(cleaned.text, reference(line, title), `${JSON.stringify(title)} in ${JSON.stringify(line)}`);
        for (let i = 0; i < cleaned.text.length; i++) assert.equal(line[cleaned.offsets[i]], cleaned.text[i]);
        compared++;
        if (cleaned.text !== line) cut++;
      }
    }
    assert.equal(compared, titles.length * 2000);
    assert.ok(cut > 1000, `echoes were found and cut (${cut} lines)`);
  });

  it('keeps typographic quotes and apostrophes as written', async () => {
    const corpus = await bundledCorpus();
    assert.ok(corpus.snippets.some((s) => s.text.includes('surgeon’s expertise')));
  });
});
