import * as assert from 'node:assert/strict';
import { normaliseText, tokenize } from '../../../src/core/claims/text';

describe('claim text', () => {
  it('normalises quotes, dashes and odd spaces, keeping the length; plain text comes back as is', () => {
    assert.equal(normaliseText('A \u2018slipped\u2019 disc \u2013 \u201Coften\u201D\u00A0painful'), "A 'slipped' disc - \"often\" painful");
    const plain = 'Most patients walk on the first day.';
    assert.equal(normaliseText(plain), plain);
  });

  it('words read once are given as fresh tokens: a phrase merged in one sentence leaves the next alone', () => {
    const merged = tokenize('Physical therapy helps.');
    assert.deepEqual(merged.slice(0, 2).map((t) => [t.stem, t.content]), [['physiotherapi', true], ['', false]]);
    const alone = tokenize('Therapy helps. Physical activity helps.');
    assert.deepEqual(alone.map((t) => [t.stem, t.content]), [['therapi', true], ['help', false], ['', false], ['physic', true], ['activ', true], ['help', false], ['', false]]);
    assert.notEqual(tokenize('Physical therapy helps.')[0], merged[0]);
    assert.deepEqual(tokenize('Physical therapy helps.'), merged);
    assert.deepEqual(tokenize("The patient's pain, 5% (£20)").map((t) => [t.word, t.punct, t.content]), [
      ['the', false, false],
      ["patient's", false, true],
      ['pain', false, true],
      [',', true, false],
      ['5', false, true],
      ['%', false, true],
      ['(', true, false],
      ['£', false, false],
      ['20', false, true],
      [')', true, false],
    ]);
  });
});
