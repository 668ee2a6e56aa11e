import * as assert from 'node:assert/strict';
import { hash53, hash53PairHex } from '../../src/core/hash';
import { mappedRange } from '../../src/core/mappedText';
import { endsMidSentence, fastSegmentStarts, icuSegmentStarts, splitSentences } from '../../src/core/sentences';
import { snippetId } from '../../src/core/snippet';
import { Tagger } from '../../src/core/taxonomy';
import { WordIndex } from '../../src/core/wordIndex';
import { WordTable, forEachWord } from '../../src/core/words';
import { CodeUnitBuffer } from '../../src/core/codeUnits';
import { bundledCorpus } from './helpers';

// As in sentences.ts.
const ABBREVIATIONS = [
  'dr', 'mr', 'mrs', 'ms', 'prof', 'st', 'vs', 'approx', 'fig', 'figs', 'no', 'nos', 'cf', 'al', 'incl',
  'e.g', 'i.e', 'eg', 'ie', 'ca', 'resp', 'min', 'max', 'mg', 'ml', 'cm', 'mm', 'kg', 'wk', 'wks', 'hr', 'hrs',
  'dept', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'vol', 'p', 'pp',
];

// The indexing hot paths are rewrites of simpler code; each is checked here against that simpler code.

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

/** Random text from pieces that exercise case mapping, surrogates, marks and sentence punctuation. */
function randomText(random: () => number, pieces: readonly string[], length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += pieces[Math.floor(random() * pieces.length)];
  return out;
}

const WORD_PIECES = [
  'fusion', 'Fusion', 'FUSION', 'surgeries', 'TLIF', 'a', 'I', '12', '3.5', ' ', ' ', ', ', '. ', '’s', '-',
  'café', 'CAFÉ', 'ΣΟΦΟΣ', 'σοφός', '\u212Aelvin', 'KELVIN', 'İstanbul', 'ǅ', 'e\u0301', '𝐀𝐁', '\uD835', '日本語', 'ß', 'ﬁ',
  '\u00AD', '\u200B', '\t', '\n', '_', '%',
];

/** The word reader as it was: a per-code-unit class test and a lower-cased copy per word. */
function referenceWords(text: string): Array<[string, number, number]> {
  const out: Array<[string, number, number]> = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const inWord = i < text.length && /[\p{L}\p{N}\p{M}]/u.test(text[i]);
    if (inWord) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push([text.slice(start, i).toLowerCase(), start, i]);
      start = -1;
    }
  }
  return out;
}

/** Slices of longer random texts, as sentences are of their paragraph; one in twenty longer than the buffers start. */
function sentenceLikeTexts(seed: number, count: number): string[] {
  const random = seeded(seed);
  return Array.from({ length: count }, (_, n) => randomText(random, WORD_PIECES, 1 + Math.floor(random() * (n % 20 === 0 ? 300 : 25))).slice(Math.floor(random() * 3)));
}

describe('indexing fast paths', () => {
  it('forEachWord gives the words, spans and lower-casing of a plain reader', () => {
    const random = seeded(1);
    for (let n = 0; n < 3000; n++) {
      const text = randomText(random, WORD_PIECES, 1 + Math.floor(random() * 20));
      const words: Array<[string, number, number]> = [];
      forEachWord(text, (word, start, end) => words.push([word, start, end]));
      assert.deepEqual(words, referenceWords(text), JSON.stringify(text));
    }
  });

  it('forEachWord may be called again from inside its callback', () => {
    const outer: string[] = [];
    forEachWord('Spinal fusion heals', (word) => {
      forEachWord('other words here', () => undefined);
      outer.push(word);
    });
    assert.deepEqual(outer, ['spinal', 'fusion', 'heals']);
  });

  it('WordTable numbers words in first-seen order and finds a word however it was spelt', () => {
    const table = new WordTable();
    const ids: number[] = [];
    const text = 'Fusion KELVIN fusion \u212Aelvin FUSION kelvin CAFÉ café';
    const codes = table.codesOf(text);
    for (let id = table.next(text, codes, 0); id >= 0; id = table.next(text, codes, table.end)) ids.push(id);
    assert.deepEqual(ids, [0, 1, 0, 1, 0, 1, 2, 2]);
    assert.deepEqual(table.words, ['fusion', 'kelvin', 'café']);
  });

  it('WordTable keeps every word apart as it grows', () => {
    const table = new WordTable();
    const words = Array.from({ length: 20000 }, (_, i) => `w${i.toString(36)}`);
    for (const w of words) table.id(w);
    words.forEach((w, i) => assert.equal(table.id(w), i));
    const text = words.join(' ').toUpperCase();
    let k = 0;
    const codes = table.codesOf(text);
    for (let id = table.next(text, codes, 0); id >= 0; id = table.next(text, codes, table.end)) assert.equal(id, k++);
    assert.equal(table.size, words.length);
  });

  it('CodeUnitBuffer copies out the code units charCodeAt reads, of texts longer than it as well', () => {
    const buffer = new CodeUnitBuffer();
    const charCodes = (text: string) => Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));
    for (const text of sentenceLikeTexts(4, 500)) assert.deepEqual(Array.from(buffer.of(text).subarray(0, text.length)), charCodes(text), JSON.stringify(text));
    // A whole document's worth is copied into an array of its own; the kept buffer stays as it was.
    const kept = buffer.of('fusion');
    const long = 'Spinal fusion’s risks. '.repeat(4000);
    const codes = buffer.of(long);
    assert.notEqual(codes, kept);
    assert.deepEqual(Array.from(codes.subarray(0, long.length)), charCodes(long));
    assert.equal(buffer.of('x'), kept);
  });

  it('WordTable reads the words of a text from its code units as the plain reader does', () => {
    const table = new WordTable();
    for (const text of sentenceLikeTexts(3, 3000)) {
      const codes = table.codesOf(text);
      const words: Array<[string, number, number]> = [];
      for (let id = table.next(text, codes, 0); id >= 0; id = table.next(text, codes, table.end)) words.push([table.words[id], table.start, table.end]);
      assert.deepEqual(words, referenceWords(text), JSON.stringify(text));
    }
  });

  it('WordIndex.build gives the vocabulary and postings of a plain build', () => {
    const random = seeded(2);
    const texts = Array.from({ length: 400 }, () => randomText(random, WORD_PIECES, Math.floor(random() * 15)));
    const ids = new Map<string, number>();
    const lists: number[][] = [];
    texts.forEach((text, doc) =>
      referenceWords(text).forEach(([word]) => {
        if (!ids.has(word)) {
          ids.set(word, lists.length);
          lists.push([]);
        }
        const list = lists[ids.get(word)!];
        if (list[list.length - 1] !== doc) list.push(doc);
      }),
    );
    const data = WordIndex.build(texts).toData();
    assert.deepEqual(data.vocabulary, [...ids.keys()]);
    assert.deepEqual([...data.postings], lists.flat());
    assert.deepEqual([...data.offsets], [0, ...lists.map((_, i) => lists.slice(0, i + 1).flat().length)]);
    assert.equal(data.documents, texts.length);
  });

  it('tags a sentence the same whatever the tagger read before', async () => {
    const corpus = await bundledCorpus();
    const sentences = corpus.snippets.map((s) => s.text);
    const first = new Tagger(corpus.taxonomy);
    const expected = sentences.map((s) => first.tagSentence(s));
    // A tagger that has read more distinct words than it keeps (so it starts afresh), then the sentences in reverse.
    const second = new Tagger(corpus.taxonomy);
    second.tagSentence(Array.from({ length: 210_000 }, (_, i) => `x${i}`).join(' '));
    const reversed = [...sentences].reverse().map((s) => second.tagSentence(s));
    assert.deepEqual(reversed.reverse(), expected);
    assert.deepEqual(
      sentences.map((s) => second.procedureMentions(s)),
      sentences.map((s) => first.procedureMentions(s)),
    );
  });

  it('finds terms without letters at their place in the text, other than ASCII ones in any case', () => {
    const tagger = new Tagger({ procedures: [{ id: 'plus', label: 'Plus', aliases: ['%%'] }, { id: 'circled', label: 'Circled', aliases: ['Ⓐ'] }], topics: [] });
    // Worked out by hand: "İ" lower-cases to two characters, so its copy has "%%" at 3; the text has it at 2.
    assert.deepEqual(tagger.procedureMentions('İ %% b'), [{ procedure: 'plus', index: 2, length: 2 }]);
    for (const text of ['a %% b', 'ΣΑΣ %%', 'Ⓐ %%', '’s %%', '𐐀 %%', 'no match %']) {
      const at = text.indexOf('%%');
      const circled = text.startsWith('Ⓐ') ? [{ procedure: 'circled', index: 0, length: 1 }] : [];
      assert.deepEqual(tagger.procedureMentions(text), [...circled, ...(at < 0 ? [] : [{ procedure: 'plus', index: at, length: 2 }])], JSON.stringify(text));
    }
    // Not ASCII: found in any case, as its lower-cased form.
    assert.deepEqual(tagger.procedureMentions('x ⓐ'), [{ procedure: 'circled', index: 2, length: 1 }]);
  });

  it('the sentence fast path gives ICU segments on text it accepts', () => {
    // Every string of up to four characters over one representative of each sentence-break class...
    const classes = ['A', 'a', '1', '.', '?', ')', ',', ' ', '%', 'é'];
    let strings = [''];
    for (let length = 1; length <= 4; length++) {
      strings = strings.flatMap((s) => classes.map((c) => s + c));
      for (const s of strings) assert.deepEqual(fastSegmentStarts(s), icuSegmentStarts(s), JSON.stringify(s));
    }
    // ...and random prose-like strings over every character it accepts.
    const accepted: string[] = [];
    for (let c = 0x20; c < 0x2300; c++) if (fastSegmentStarts(String.fromCharCode(c))) accepted.push(String.fromCharCode(c));
    const pieces = [...accepted, '. ', '? ', '! ', 'e.g. ', 'U.S. ', '3.5', '." ', '.) ', '. (', 'Dr. ', 'the ', 'It ', '’ ', '…'];
    const random = seeded(3);
    for (let n = 0; n < 20000; n++) {
      const text = randomText(random, pieces, 1 + Math.floor(random() * 12));
      const fast = fastSegmentStarts(text);
      if (fast) assert.deepEqual(fast, icuSegmentStarts(text), JSON.stringify(text));
    }
    assert.equal(fastSegmentStarts('Line one.\nLine two.'), undefined, 'line breaks are left to ICU');
    // Text with any character outside the fast path, wherever it sits, goes to ICU whole.
    const others = ['\n', '\t', '日', 'Σ', '\u200b', '\u0301', '\ud83d', '\u00a0'];
    for (let n = 0; n < 5000; n++) {
      const text = randomText(random, pieces, 1 + Math.floor(random() * 8));
      const at = Math.floor(random() * (text.length + 1));
      const spoilt = text.slice(0, at) + others[n % others.length] + text.slice(at);
      assert.equal(fastSegmentStarts(spoilt), undefined, JSON.stringify(spoilt));
    }
  });

  it('splitSentences gives the sentences of the plain ICU splitter', () => {
    const reference = (text: string): string[] => {
      const abbreviation = (s: string) => {
        const m = /(?:^|[\s(])([A-Za-z][A-Za-z.]*)\.\s*$/.exec(s);
        return m !== null && ABBREVIATIONS.includes(m[1].toLowerCase());
      };
      const ranges: Array<[number, number]> = [];
      for (const { segment, index } of new Intl.Segmenter('en', { granularity: 'sentence' }).segment(text)) {
        const last = ranges[ranges.length - 1];
        const continues = last !== undefined && (abbreviation(text.slice(last[0], last[1])) || /^\s*[\p{Ll}]/u.test(segment) || !/[\p{L}\p{N}]/u.test(segment));
        if (continues) last[1] = index + segment.length;
        else ranges.push([index, index + segment.length]);
      }
      return ranges.map(([a, b]) => text.slice(a, b).trim()).filter((s) => /[\p{L}\p{N}]/u.test(s));
    };
    const pieces = [
      'Spinal fusion helps. ', 'It may fail! ', 'Why? ', 'Dr. Lee operates. ', 'See e.g. the guide. ', 'About 3.5 cm. ', 'No. 5 is fine. ',
      'The U.S. data. ', '“Quoted.” ', '(Aside.) ', 'it continues. ', 'Fig. 2 shows it. ', 'approx. five. ', 'p. 12 says so. ',
      'Café au lait. ', 'ΣΟΦΟΣ είναι. ', '日本語の文。', 'Ends... ', 'Wait… ', '; ', ' - ', '(Fig.) ', 'al.) ', 'x', ' ',
      // Astral letters (a lower-case one may continue a sentence), a lone surrogate, a symbol and a mark alone.
      '𝑎𝑏 ', '𝐀𝐁. ', '\uD835 ', '😀. ', '\u0301. ', 'ǅ ', '\u00a0',
    ];
    const random = seeded(4);
    for (let n = 0; n < 1500; n++) {
      const text = randomText(random, pieces, 1 + Math.floor(random() * 12)).trim();
      assert.deepEqual(splitSentences(mappedRange(text, 0, text.length)).map((s) => s.text), reference(text), JSON.stringify(text));
    }
  });

  it('endsMidSentence reads the end as the regex does', () => {
    const reference = (text: string) => !/[.!?…:;"”’)\]]\s*$/u.test(text);
    const pieces = ['word', ' ', '\t', '\u00a0', '\n', '.', '!', '?', '…', ':', ';', '"', '”', '’', ')', ']', ',', '(', '𝑎', '\uD835'];
    const random = seeded(6);
    for (let n = 0; n < 3000; n++) {
      const text = randomText(random, pieces, Math.floor(random() * 6));
      assert.equal(endsMidSentence(text), reference(text), JSON.stringify(text));
    }
  });

  it('snippet ids hash the path and normalised text as before', () => {
    const reference = (corpusPath: string, text: string) => {
      const spaced = /\s\s|[^\S ]/.test(text) ? text.replace(/\s+/g, ' ').trim() : text.trim();
      const normalised = /[^\x00-\x7f]/.test(spaced) ? spaced.normalize('NFC') : spaced;
      return 'cw-' + hash53(`${corpusPath}\u0000${normalised}`).toString(16).padStart(14, '0');
    };
    const pieces = ['Fusion', ' ', ' ', '  ', '\t', '\u00a0', '\u3000', 'e\u0301', 'é', '’', '\x7f', '\x01', '.', '\n'];
    const random = seeded(5);
    for (let n = 0; n < 3000; n++) {
      const text = randomText(random, pieces, Math.floor(random() * 10));
      assert.equal(snippetId('a/b.md', text), reference('a/b.md', text), JSON.stringify(text));
    }
    assert.equal(hash53PairHex('path', 'text'), hash53('path\u0000text').toString(16).padStart(14, '0'));
  });

  it('writes the hash of a path and a text in hex as Number#toString(16) padded to 14 digits does, leading zeros included', () => {
    const random = seeded(11);
    let leadingZero = 0;
    for (let n = 0; n < 5000; n++) {
      const a = randomText(random, ['a', '/', 'é', '1'], Math.floor(random() * 6));
      const b = randomText(random, ['Fusion', ' ', '’', 'x', '9'], Math.floor(random() * 12));
      const expected = hash53(`${a}\u0000${b}`).toString(16).padStart(14, '0');
      if (expected.startsWith('0')) leadingZero++;
      assert.equal(hash53PairHex(a, b), expected, JSON.stringify([a, b]));
    }
    assert.ok(leadingZero > 100, `only ${leadingZero} hashes with a leading zero: the padding went untested`);
    // Texts longer than the buffer ASCII texts are read through, and slices of a longer text.
    for (const b of ['Fusion heals. '.repeat(100), 'Fusion’s risks. '.repeat(100), 'x'.repeat(5000).slice(7, 4000)]) {
      assert.equal(hash53PairHex('a/b.md', b), hash53(`a/b.md\u0000${b}`).toString(16).padStart(14, '0'));
    }
  });
});
