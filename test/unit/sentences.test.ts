import * as assert from 'node:assert/strict';
import { mappedRange } from '../../src/core/mappedText';
import { splitSentences } from '../../src/core/sentences';
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
});
