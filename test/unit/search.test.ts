import * as assert from 'node:assert/strict';
import Fuse, { Expression } from 'fuse.js';
import { FUSE_OPTIONS, SearchRecord, SnippetSearch, parseQuery, wordKeys } from '../../src/core/search';
import { bundledCorpus } from './helpers';

async function topTexts(query: string, limit = 5): Promise<string[]> {
  const corpus = await bundledCorpus();
  return new SnippetSearch(corpus.snippets, corpus.taxonomy).search(query, { limit }).map((r) => r.snippet.text);
}

// Misspelt and partial queries, each with a seed sentence a writer would want in the top 5.
const CASES: Array<[string, string]> = [
  ['fuson risks', 'While spinal fusion can be highly effective, it is not without risks'],
  ['laminectomy stenosis', 'This procedure is particularly effective for treating spinal stenosis'],
  ['disc replacment recovery', 'Recovery times are generally shorter compared to fusion'],
  ['dural tera', 'There is also the possibility of dural tears'],
  ['blod clots', 'These include infections, excessive bleeding, blood clots'],
  ['minimaly invasiv recovery', 'More recently, minimally invasive surgical techniques'],
  ['70-90%', 'Studies indicate that approximately 70-90% of patients'],
  ['smokng obesity', 'Moreover, lifestyle factors like smoking, obesity'],
  ['TLIF', 'Minimally invasive fusion procedures—such as transforaminal'],
  ['discectomy sciatica', 'This procedure often provides significant relief from leg pain caused by sciatica'],
];

describe('fuzzy snippet search', () => {
  for (const [query, expected] of CASES) {
    it(`finds "${expected.slice(0, 40)}…" for "${query}" in the top 5`, async () => {
      const texts = await topTexts(query);
      assert.ok(texts.some((t) => t.startsWith(expected)), `got:\n${texts.join('\n')}`);
    });
  }

  it('ranks by score, best first', async () => {
    const corpus = await bundledCorpus();
    const results = new SnippetSearch(corpus.snippets, corpus.taxonomy).search('fusion complications', { limit: 20 });
    assert.ok(results.length > 1);
    for (let i = 1; i < results.length; i++) assert.ok(results[i - 1].score <= results[i].score);
  });

  it('returns nothing for words the corpus does not contain', async () => {
    assert.deepEqual(await topTexts('xylophone quartz'), []);
  });

  it('never throws on odd queries', async () => {
    for (const q of ['', '   ', '((((', '@', ':', '\u0000', '🙂'.repeat(50), 'a'.repeat(500), '@@@ :::', '\\']) await topTexts(q);
  });

  it('applies @procedure and topic: filters', async () => {
    const corpus = await bundledCorpus();
    const parsed = parseQuery('@lamin risk: instability', corpus.taxonomy);
    assert.deepEqual(parsed, { words: ['instability'], procedures: ['laminectomy'], topics: ['risks'] });
    const results = new SnippetSearch(corpus.snippets, corpus.taxonomy).search('@lamin risk: instability');
    assert.ok(results.length > 0);
    for (const r of results) {
      assert.ok(r.snippet.procedures.includes('laminectomy'));
      assert.ok(r.snippet.topics.includes('risks'));
    }
  });

  it('answers the same after warming up, and warms up on an empty corpus without failing', async () => {
    const corpus = await bundledCorpus();
    const fresh = new SnippetSearch(corpus.snippets, corpus.taxonomy);
    const warmed = new SnippetSearch(corpus.snippets, corpus.taxonomy);
    warmed.warmUp();
    for (const [query] of CASES) assert.deepEqual(warmed.search(query, { limit: 50 }), fresh.search(query, { limit: 50 }), query);
    const empty = new SnippetSearch([], corpus.taxonomy);
    empty.warmUp();
    assert.deepEqual(empty.search('fusion'), []);
  });

  it('highlights matched words inside the snippet text', async () => {
    const corpus = await bundledCorpus();
    const [top] = new SnippetSearch(corpus.snippets, corpus.taxonomy).search('cerebrospinal');
    const [a, b] = top.highlights[0];
    assert.equal(top.snippet.text.slice(a, b).toLowerCase(), 'cerebrospinal');
  });
});

describe('fuse.js fields per query word', () => {
  const records: SearchRecord[] = [
    { text: 'Spinal fusion joins two vertebrae.', procedures: 'Spinal fusion', topics: 'Indications' },
    { text: 'Recovery after discectomy is quick.', procedures: 'Discectomy', topics: 'Recovery' },
    { text: 'Infection is a rare risk.', procedures: '', topics: 'Risks' },
    { text: 'Most patients return to work.', procedures: 'Laminectomy', topics: '' },
  ];
  const keysOf = (word: string) => wordKeys([word], records)[0].map((k) => Object.keys(k)[0]);

  it('looks for a word in procedure and topic names only where some record\'s names match it', () => {
    assert.deepEqual(keysOf('fusoin'), ['text', 'procedures']); // a typo of "fusion", a procedure name
    assert.deepEqual(keysOf('recovry'), ['text', 'topics']);
    assert.deepEqual(keysOf('vertebrae'), ['text']); // in a text only
    assert.deepEqual(keysOf('discectomy'), ['text', 'procedures']);
  });

  it('remembers each word-name test, and answers the same with or without what it remembers', () => {
    const known = new Map<string, Map<string, boolean>>();
    const fresh = (words: string[]) => wordKeys(words, records);
    for (const words of [['fusoin'], ['fusoin', 'recovry'], ['vertebrae', 'fusoin'], ['discectomy', 'recovry']]) {
      assert.deepEqual(wordKeys(words, records, known), fresh(words), words.join(' '));
    }
    assert.equal(known.get('fusoin')?.get('Spinal fusion'), true);
    assert.equal(known.get('vertebrae')?.get('Spinal fusion'), false);
    // What it remembers is what it answers from: a (deliberately wrong) remembered match adds the field.
    const planted = new Map([['vertebrae', new Map([['Laminectomy', true]])]]);
    assert.deepEqual(wordKeys(['vertebrae'], records, planted)[0].map((k) => Object.keys(k)[0]), ['text', 'procedures']);
  });

  it('ranks exactly as searching every field for every word', async () => {
    const corpus = await bundledCorpus();
    const search = new SnippetSearch(corpus.snippets, corpus.taxonomy);
    const all: SearchRecord[] = corpus.snippets.map((_, i) => (search as unknown as { record(i: number): SearchRecord }).record(i));
    const queries = [['fuson', 'risks'], ['recovery'], ['lamin', 'stenosis'], ['disc', 'replacment'], ['minimaly', 'invasiv', 'recovery'], ['benefits'], ['TLIF'], ['infection', 'outcomes']];
    const fuse = new Fuse(all, FUSE_OPTIONS);
    for (const words of queries) {
      const full: Expression = { $and: words.map((w): Expression => ({ $or: [{ text: w }, { procedures: w }, { topics: w }] as Expression[] })) };
      const pruned: Expression = { $and: wordKeys(words, all).map(($or) => ({ $or })) };
      const expected = fuse.search(full);
      assert.ok(expected.length > 0, words.join(' '));
      assert.deepEqual(fuse.search(pruned), expected, words.join(' '));
    }
  });
});
