import * as assert from 'node:assert/strict';
import { WordIndex } from '../../src/core/wordIndex';
import { tokenize } from '../../src/core/words';

/** A small deterministic generator (mulberry32), so the corpus is the same on every run. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Words by how often a document holds one: common ones in about half, rare ones in one in a hundred.
const COMMON = ['surgery', 'back', 'fusion', 'patients', 'spinal', 'pain'];
const MIDDLE = ['recovery', 'infection', 'surgeon', 'lower', 'stenosis', 'outcomes'];
const RARE = ['pseudarthrosis', 'cerebrospinal', 'adjacent', 'segment', 'surgeries'];

function makeTexts(count: number): string[] {
  const random = seeded(11);
  const texts: string[] = [];
  for (let d = 0; d < count; d++) {
    const words = [
      ...COMMON.filter(() => random() < 0.5),
      ...MIDDLE.filter(() => random() < 0.1),
      ...RARE.filter(() => random() < 0.01),
    ];
    texts.push(words.length ? words.join(' ') : 'the');
  }
  return texts;
}

/**
 * The ranking candidates() promises, worked out document by document from the
 * texts: per query word the best of its expansions the document holds (weight
 * times IDF), then most words held, highest sum, earliest document.
 */
function bruteForce(index: WordIndex, texts: readonly string[], query: readonly string[], limit: number, allowed?: (doc: number) => boolean): number[] {
  const vocabulary = index.toData().vocabulary;
  const held = texts.map((text) => new Set(tokenize(text).map((t) => t.word)));
  const df = new Map<string, number>();
  for (const words of held) for (const w of words) df.set(w, (df.get(w) ?? 0) + 1);
  const expansions = query.map((q) => index.expand(q).map(({ word, weight }) => ({ word: vocabulary[word], value: weight * Math.log(1 + texts.length / df.get(vocabulary[word])!) })));
  const ranked: Array<{ doc: number; key: number }> = [];
  held.forEach((words, doc) => {
    if (allowed && !allowed(doc)) return;
    let matched = 0;
    let score = 0;
    for (const options of expansions) {
      const best = options.reduce((m, e) => (words.has(e.word) ? Math.max(m, e.value) : m), 0);
      if (best > 0) {
        matched++;
        score += best;
      }
    }
    if (matched > 0) ranked.push({ doc, key: matched * 1e6 + score });
  });
  return ranked
    .sort((a, b) => b.key - a.key || a.doc - b.doc)
    .slice(0, limit)
    .map((r) => r.doc);
}

const holdingAll = (texts: readonly string[], query: readonly string[]) => texts.filter((t) => query.every((q) => t.split(' ').includes(q))).length;

describe('word index candidates', () => {
  const texts = makeTexts(4000);
  const index = WordIndex.build(texts);

  it('ranks as document-by-document scoring does, when many documents hold every word and when few do', () => {
    const queries = [
      ['back', 'surgery'], // common words: many hold both, the visit stops early
      ['back', 'fusion', 'surgery', 'pain'],
      ['surgery', 'surgery'], // a repeated word counts twice
      ['recovery', 'back'], // a middling word with a common one
      ['infection', 'stenosis', 'pain'],
      ['pseudarthrosis', 'cerebrospinal'], // rare words: few or none hold both
      ['adjacent', 'segment', 'spinal'],
      ['surgry', 'bak'], // typos and partial words expand to several vocabulary words
      ['surg', 'fusoin'],
      ['lower', 'low', 'pain'],
      ['nowhere', 'back'], // a word nothing holds
    ];
    let many = 0;
    let few = 0;
    for (const query of queries) {
      for (const limit of [1, 5, 50]) {
        assert.deepEqual(index.candidates(query, limit), bruteForce(index, texts, query, limit), `${query.join(' ')} (top ${limit})`);
        if (holdingAll(texts, query) >= limit) many++;
        else few++;
      }
    }
    // Both ways through were taken.
    assert.ok(many >= 10 && few >= 5, `many ${many}, few ${few}`);
  });

  it('ranks as document-by-document scoring does with a filter', () => {
    const allowed = (doc: number) => doc % 3 === 0;
    for (const query of [['back', 'surgery'], ['recovery', 'spinal'], ['pseudarthrosis', 'pain']]) {
      for (const limit of [5, 50]) {
        assert.deepEqual(index.candidates(query, limit, allowed), bruteForce(index, texts, query, limit, allowed), `${query.join(' ')} (top ${limit})`);
      }
    }
  });

  it('answers the same query the same way every time (no state left between queries)', () => {
    const first = index.candidates(['back', 'surgery'], 50);
    index.candidates(['recovery', 'pseudarthrosis'], 50);
    index.candidates(['surgery'], 50);
    assert.deepEqual(index.candidates(['back', 'surgery'], 50), first);
  });
});
