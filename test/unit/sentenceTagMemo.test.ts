import * as assert from 'node:assert/strict';
import { indexCorpusFiles } from '../../src/core/corpus';
import { SentenceTagMemo } from '../../src/core/sentenceTagMemo';
import { TagLists } from '../../src/core/tagLists';
import { Tagger } from '../../src/core/taxonomy';
import { bundledCorpus } from './helpers';

/** A tagger that counts the sentences it tags. */
function countingTagger(tagger: Tagger): { tagger: Tagger; calls: () => number } {
  let calls = 0;
  const original = tagger.tagSentence.bind(tagger);
  tagger.tagSentence = (text: string) => {
    calls++;
    return original(text);
  };
  return { tagger, calls: () => calls };
}

describe('sentence tag memo', () => {
  it('tags a repeated sentence once, as tagging it afresh would', async () => {
    const { taxonomy } = await bundledCorpus();
    const { tagger, calls } = countingTagger(new Tagger(taxonomy));
    const memo = new SentenceTagMemo(tagger);
    const a = 'Spinal fusion carries a risk of infection.';
    const b = 'Recovery after discectomy is faster.';
    const first = memo.tag(a);
    memo.tag(b);
    const again = memo.tag(a);
    assert.equal(calls(), 2);
    assert.equal(again, first);
    const fresh = new Tagger(taxonomy);
    assert.deepEqual(again.tags, fresh.tagSentence(a));
    const freshWords = fresh.lastWords();
    assert.deepEqual(
      again.words.ids.map((id) => again.words.table.words[id]),
      freshWords.ids.map((id) => freshWords.table.words[id]),
    );
    assert.deepEqual(again.tags, { subjects: ['spinal-fusion'], contrasts: [], topics: ['risks'] });
  });

  it('starts afresh past its limit', async () => {
    const { taxonomy } = await bundledCorpus();
    const { tagger, calls } = countingTagger(new Tagger(taxonomy));
    const memo = new SentenceTagMemo(tagger, 2);
    for (const text of ['One fusion.', 'Two fusions.', 'Three fusions.', 'One fusion.', 'Three fusions.']) memo.tag(text);
    // The third text clears the two before it: the first is tagged again, the third is still known.
    assert.equal(calls(), 4);
  });

  it('leaves context to each occurrence: a repeated sentence takes its own paragraph\'s procedure', async () => {
    const { taxonomy } = await bundledCorpus();
    const same = 'This procedure has a small chance of infection.';
    const corpus = indexCorpusFiles(
      [
        { file: '/c/a.txt', folder: '/c', corpusPath: 'a.txt', text: `Leaflet A\nSpinal fusion joins two vertebrae. ${same}\n` },
        { file: '/c/b.txt', folder: '/c', corpusPath: 'b.txt', text: `Leaflet B\nA discectomy removes part of a disc. ${same}\n` },
      ],
      taxonomy,
    );
    const repeats = corpus.snippets.filter((s) => s.text === same);
    assert.deepEqual(
      repeats.map((s) => [s.source.corpusPath, s.procedures, s.topics]),
      [
        ['a.txt', ['spinal-fusion'], ['risks']],
        ['b.txt', ['discectomy'], ['risks']],
      ],
    );
    // Repeats share one topic list; it is frozen, so no snippet's consumer can change another's.
    for (const snippet of corpus.snippets) assert.ok(Object.isFrozen(snippet.procedures) && Object.isFrozen(snippet.topics), snippet.text);
    assert.throws(() => (repeats[0].topics as string[]).push('benefits'), TypeError);
    assert.deepEqual(repeats[1].topics, ['risks']);
  });
});

describe('shared tag lists', () => {
  it('gives one frozen array for equal lists, a copy never the caller\'s array, and tells lengths apart', () => {
    const lists = new TagLists();
    const mine = ['spinal-fusion', 'discectomy'];
    const shared = lists.of(mine);
    assert.notEqual(shared, mine);
    assert.ok(Object.isFrozen(shared) && !Object.isFrozen(mine));
    assert.equal(lists.of(['spinal-fusion', 'discectomy']), shared);
    assert.notEqual(lists.of(['discectomy', 'spinal-fusion']), shared, 'order is part of a list');
    assert.deepEqual(lists.of(['a\u0000b']), ['a\u0000b']);
    assert.deepEqual(lists.of(['a', 'b']), ['a', 'b']);
    assert.equal(lists.of([]), lists.of([]));
    assert.ok(Object.isFrozen(lists.of([])));
  });

  it('leaves an indexed corpus with one array per distinct list of procedures or topics', async () => {
    const corpus = await bundledCorpus();
    for (const field of ['procedures', 'topics'] as const) {
      const arrays = new Set(corpus.snippets.map((s) => s[field]));
      const contents = new Set(corpus.snippets.map((s) => s[field].join('\u0000')));
      assert.equal(arrays.size, contents.size, field);
      assert.ok(arrays.size < corpus.snippets.length / 3, `${field}: ${arrays.size} arrays for ${corpus.snippets.length} snippets`);
    }
  });
});
