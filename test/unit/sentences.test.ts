import * as assert from 'node:assert/strict';
import { identityRange, mappedRange } from '../../src/core/mappedText';
import { sentenceRanges, splitSentences } from '../../src/core/sentences';
import { bundledCorpus } from './helpers';

const split = (text: string) => splitSentences(mappedRange(text, 0, text.length)).map((s) => s.text);

describe('sentence splitting', () => {
  it('keeps ranges, percentages, abbreviations, brackets and dashes inside one sentence', () => {
    assert.deepEqual(split('About 70-90% improve, e.g. with rest. Dr. Lee uses TLIF (fusion) often—not always. It ends.'), [
      'About 70-90% improve, e.g. with rest.',
      'Dr. Lee uses TLIF (fusion) often—not always.',
      'It ends.',
    ]);
  });

  it('does not break before a lower-case continuation', () => {
    assert.deepEqual(split('Options include approx. five techniques. Next one.'), ['Options include approx. five techniques.', 'Next one.']);
  });

  it('joins the seed sentence split across a blank line', async () => {
    const corpus = await bundledCorpus();
    const joined = corpus.snippets.find((s) => s.text.startsWith('Specific to spinal surgeries'));
    assert.ok(joined);
    assert.equal(joined.text, 'Specific to spinal surgeries, potential risks involve nerve damage, which could lead to persistent pain, weakness, or numbness.');
    assert.equal(joined.source.line, 5);
    assert.equal(joined.source.endLine, 7);
  });

  it('never cuts a snippet mid-sentence', async () => {
    const corpus = await bundledCorpus();
    for (const s of corpus.snippets) {
      assert.match(s.text, /^[A-Z]/, `starts mid-sentence: ${s.text}`);
      assert.match(s.text, /[.!?]$/, `ends mid-sentence: ${s.text}`);
    }
  });

  it('finds every sentence of the seeds', async () => {
    // Counted independently: sentence-final punctuation per seed once its title is removed (sed + grep).
    const corpus = await bundledCorpus();
    const perFile = corpus.documents.map((d) => d.snippetCount);
    assert.deepEqual(perFile, [23, 27, 26, 20, 22]);
  });

  it('gives the same ranges without offsets as splitting a mapped block', () => {
    const text = '  Dr. Lee operates.   It hurts (a bit).\u00A0 e.g. less.  \n ?? Fine!  ';
    const expected = splitSentences(mappedRange(text, 0, text.length)).map((s) => [s.blockStart, s.blockStart + s.text.length]);
    assert.deepEqual(sentenceRanges(text), expected);
    assert.deepEqual(expected.map(([a, b]) => text.slice(a, b)), [
      'Dr. Lee operates.',
      'It hurts (a bit).\u00A0 e.g. less.  \n ??', // a lower-case start and a segment without letters join the one before
      'Fine!',
    ]);
  });
});

describe('identity offsets', () => {
  it('count up from the start, within the shared array and past its end', () => {
    assert.deepEqual([...identityRange(3, 7)], [3, 4, 5, 6]);
    assert.deepEqual([...identityRange(5, 5)], []);
    const far = identityRange((1 << 20) - 2, (1 << 20) + 2); // reaches past the shared array's 2^20 limit
    assert.deepEqual([...far], [(1 << 20) - 2, (1 << 20) - 1, 1 << 20, (1 << 20) + 1]);
    assert.equal(identityRange(0, 70000)[69999], 69999);
  });
});
