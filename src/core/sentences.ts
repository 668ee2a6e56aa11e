import { MappedText, sliceMapped } from './mappedText';
import { isWhitespace } from './words';

// Abbreviations after which ICU's sentence rules may wrongly break.
const ABBREVIATIONS = new Set(
  [
    'dr', 'mr', 'mrs', 'ms', 'prof', 'st', 'vs', 'approx', 'fig', 'figs', 'no', 'nos', 'cf', 'al', 'incl',
    'e.g', 'i.e', 'eg', 'ie', 'ca', 'resp', 'min', 'max', 'mg', 'ml', 'cm', 'mm', 'kg', 'wk', 'wks', 'hr', 'hrs',
    'dept', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'vol', 'p', 'pp',
  ].map((s) => s.toLowerCase()),
);

let segmenter: Intl.Segmenter | undefined;
function sentenceSegmenter(): Intl.Segmenter {
  segmenter ??= new Intl.Segmenter('en', { granularity: 'sentence' });
  return segmenter;
}

/** Longest stretch handed to the segmenter at once: ICU's sentence iteration slows down badly on very long strings. */
export const SEGMENT_CHUNK = 4096;

/** Segment starts of one chunk from ICU, then the chunk's end. */
function icuBounds(text: string, offset: number, into: number[]): void {
  for (const { index } of sentenceSegmenter().segment(text)) into.push(offset + index);
}

// Sentence_Break classes (UAX #29) of the characters the fast path handles; anything else goes to ICU.
const UPPER = 1;
const LOWER = 2;
const NUMERIC = 3;
const ATERM = 4;
const STERM = 5;
const CLOSE = 6;
const SCONTINUE = 7;
const SP = 8;
const OTHER = 9;
const FAST_CLASS = new Uint8Array(0x2266);
const setClass = (cls: number, chars: string) => {
  for (const ch of chars) FAST_CLASS[ch.charCodeAt(0)] = cls;
};
for (let c = 0x21; c < 0x7f; c++) FAST_CLASS[c] = OTHER;
for (let c = 0xc0; c <= 0xde; c++) FAST_CLASS[c] = UPPER; // Latin-1 capitals
for (let c = 0xdf; c <= 0xff; c++) FAST_CLASS[c] = LOWER; // Latin-1 small letters
setClass(UPPER, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
setClass(LOWER, 'abcdefghijklmnopqrstuvwxyz\u00b5');
setClass(NUMERIC, '0123456789');
setClass(ATERM, '.');
setClass(STERM, '!?');
setClass(CLOSE, '"\'()[]{}\u00ab\u00bb\u2018\u2019\u201c\u201d');
setClass(SCONTINUE, ',-:;\u2013\u2014');
setClass(SP, ' ');
setClass(OTHER, '\u00d7\u00f7\u00b0\u00b1\u00b7\u2010\u2011\u2022\u2026\u2032\u2264\u2265');

/**
 * Segment starts of one chunk by the UAX #29 sentence rules, for text made only
 * of the characters classed above (no line breaks, no format or extend
 * characters, no letters outside Latin-1); false when it has others. ICU is
 * exact but slow per call, and most corpus prose is this simple.
 */
function fastBounds(text: string, offset: number, into: number[]): boolean {
  const n = text.length;
  // One pass both checks the characters and finds the boundaries; on a character it does not handle, what it pushed is taken back.
  const pushed = into.length;
  into.push(offset);
  for (let j = 0; j < n; j++) {
    const code = text.charCodeAt(j);
    const term = code < FAST_CLASS.length ? FAST_CLASS[code] : 0;
    if (term === 0) {
      into.length = pushed;
      return false;
    }
    if (term !== ATERM && term !== STERM) continue;
    // SB9, SB10: no break inside SATerm Close* Sp*; the candidate is just after it.
    let m = j + 1;
    while (m < n && FAST_CLASS[text.charCodeAt(m)] === CLOSE) m++;
    while (m < n && FAST_CLASS[text.charCodeAt(m)] === SP) m++;
    if (m >= n) break;
    const next = FAST_CLASS[text.charCodeAt(m)];
    // SB8a: a continuation or another terminator; the latter starts its own run.
    if (next === SCONTINUE || next === ATERM || next === STERM) {
      j = m - 1;
      continue;
    }
    if (term === ATERM) {
      if (m === j + 1 && next === NUMERIC) continue; // SB6: "3.5"
      if (m === j + 1 && next === UPPER && j > 0) {
        const before = FAST_CLASS[text.charCodeAt(j - 1)];
        if (before === UPPER || before === LOWER) continue; // SB7: "U.S."
      }
      // SB8: no break when a lower-case letter comes before any other letter or terminator ("e.g. the").
      let k = m;
      let cls = next;
      while (cls !== UPPER && cls !== LOWER && cls !== ATERM && cls !== STERM && ++k < n) cls = FAST_CLASS[text.charCodeAt(k)];
      if (k < n && cls === LOWER) {
        j = m - 1;
        continue;
      }
    }
    into.push(offset + m); // SB11
    j = m - 1;
  }
  return true;
}

let fastPathChecked: boolean | undefined;
/**
 * Whether the fast path gives this runtime's ICU segments for every character
 * it handles, in the contexts where the rules tell classes apart (checked once:
 * Unicode versions move characters between classes). Each context is checked
 * for all characters in one ICU call, the variants joined by line breaks: a
 * paragraph separator always ends a segment and stops every rule's look-ahead,
 * so each variant segments there as it would alone.
 */
function fastPathAgrees(): boolean {
  if (fastPathChecked === undefined) {
    const chars: string[] = [];
    for (let code = 0; code < FAST_CLASS.length; code++) if (FAST_CLASS[code] !== 0) chars.push(String.fromCharCode(code));
    const probes = ['a. Xb', 'a.X', 'a. X', 'aX. B', 'a X. b', 'a.X b', 'a? X', 'a? Xb', 'a.X5', 'A.X', 'a. X c', 'a.XB', 'a.) Xb'];
    fastPathChecked = probes.every((probe) => {
      const variants = chars.map((ch) => probe.split('X').join(ch));
      const fast: number[] = [];
      let offset = 0;
      for (const variant of variants) {
        fastBounds(variant, offset, fast);
        offset += variant.length + 1;
      }
      const icu: number[] = [];
      icuBounds(variants.join('\n'), 0, icu);
      return fast.join() === icu.join();
    });
  }
  return fastPathChecked;
}

/**
 * Where the sentence segments of a text start, then the text's length. Long
 * texts are cut into chunks first, at a sentence-looking boundary (". " before
 * a capital) near the chunk size, else at a space, so a 1 MB paragraph takes
 * linear time; a single "sentence" longer than a chunk is split at a space.
 */
function segmentStarts(text: string): number[] {
  const starts: number[] = [];
  let start = 0;
  while (start < text.length) {
    let end = text.length;
    if (end - start > SEGMENT_CHUNK) {
      const window = text.slice(start, start + SEGMENT_CHUNK);
      const boundary = /[.!?…]["”’)]?\s+(?=[\p{Lu}\p{N}"“‘(])/gu;
      let cut = -1;
      for (let m = boundary.exec(window); m; m = boundary.exec(window)) if (m.index + m[0].length > SEGMENT_CHUNK / 2) cut = m.index + m[0].length;
      if (cut < 0) cut = window.lastIndexOf(' ') + 1;
      end = start + (cut > 0 ? cut : SEGMENT_CHUNK);
    }
    const chunk = start === 0 && end === text.length ? text : text.slice(start, end);
    if (!(fastPathAgrees() && fastBounds(chunk, start, starts))) icuBounds(chunk, start, starts);
    start = end;
  }
  starts.push(text.length);
  return starts;
}

/** Segment starts of a short text by the fast path (undefined when it cannot) and by ICU, for tests. */
export function fastSegmentStarts(text: string): number[] | undefined {
  const starts: number[] = [];
  return fastBounds(text, 0, starts) ? starts : undefined;
}
export function icuSegmentStarts(text: string): number[] {
  const starts: number[] = [];
  icuBounds(text, 0, starts);
  return starts;
}

const isAsciiLetter = (code: number) => (code >= 65 && code <= 90) || (code >= 97 && code <= 122);

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const STARTS_LOWER = /^[\p{Ll}]/u;
// Whether a BMP code unit outside ASCII and the surrogates is a letter or digit, tested once per code unit: 0 unknown, 1 yes, 2 no.
const letterOrDigitClass = new Uint8Array(65536);

/** /[\p{L}\p{N}]/u.test(text.slice(from, to)), reading char codes (the regex per slice was a tenth of indexing). */
function hasLetterOrDigit(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code < 128) {
      if ((code >= 48 && code <= 57) || isAsciiLetter(code)) return true;
      continue;
    }
    // A surrogate may pair into an astral letter: the regex decides the rest.
    if (code >= 0xd800 && code <= 0xdfff) return LETTER_OR_DIGIT.test(text.slice(i, to));
    let known = letterOrDigitClass[code];
    if (known === 0) known = letterOrDigitClass[code] = LETTER_OR_DIGIT.test(String.fromCharCode(code)) ? 1 : 2;
    if (known === 1) return true;
  }
  return false;
}

/** /^\s*[\p{Ll}]/u.test(text.slice(from, to)), reading char codes. */
function startsLowerAfterSpace(text: string, from: number, to: number): boolean {
  let i = from;
  while (i < to && isWhitespace(text.charCodeAt(i))) i++;
  if (i >= to) return false;
  const code = text.charCodeAt(i);
  if (code < 128) return code >= 97 && code <= 122;
  return STARTS_LOWER.test(text.slice(i, Math.min(to, i + 2)));
}

/**
 * Whether text[start, end) ends with a known abbreviation and its period: the
 * regex /(?:^|[\s(])([A-Za-z][A-Za-z.]*)\.\s*$/ read from the end, not tried
 * at every position of the sentence.
 */
function endsWithAbbreviation(text: string, start: number, end: number): boolean {
  let dot = end - 1;
  while (dot >= start && isWhitespace(text.charCodeAt(dot))) dot--;
  if (dot < start || text.charCodeAt(dot) !== 46) return false;
  let word = dot;
  while (word > start && (isAsciiLetter(text.charCodeAt(word - 1)) || text.charCodeAt(word - 1) === 46)) word--;
  if (word === dot || !isAsciiLetter(text.charCodeAt(word))) return false;
  if (word > start && text[word - 1] !== '(' && !isWhitespace(text.charCodeAt(word - 1))) return false;
  return ABBREVIATIONS.has(text.slice(word, dot).toLowerCase());
}

/** A sentence of a block: its normalised text and where it sits in the original. */
export interface SentenceSpan extends MappedText {
  /** Offset of the sentence within the block text it was split from. */
  blockStart: number;
}

/**
 * Splits one block of prose into sentences with Unicode sentence rules
 * (Intl.Segmenter), then rejoins breaks ICU makes after abbreviations such as
 * "Dr." or before a lower-case continuation.
 */
export function splitSentences(block: MappedText): SentenceSpan[] {
  return sentenceRanges(block.text).map(([a, b]) => ({ ...sliceMapped(block, a, b), blockStart: a }));
}

/** Where `splitSentences` puts each sentence of a block text: [start, end), trimmed. */
export function sentenceRanges(text: string): Array<[number, number]> {
  const starts = segmentStarts(text);
  const ranges: Array<[number, number]> = [];
  for (let k = 0; k + 1 < starts.length; k++) {
    const index = starts[k];
    const end = starts[k + 1];
    const last = ranges[ranges.length - 1];
    if (last !== undefined) {
      if (endsWithAbbreviation(text, last[0], last[1]) || startsLowerAfterSpace(text, index, end) || !hasLetterOrDigit(text, index, end)) {
        last[1] = end;
        continue;
      }
    }
    ranges.push([index, end]);
  }
  const out: Array<[number, number]> = [];
  for (let [a, b] of ranges) {
    while (a < b && isWhitespace(text.charCodeAt(a))) a++;
    while (b > a && isWhitespace(text.charCodeAt(b - 1))) b--;
    if (hasLetterOrDigit(text, a, b)) out.push([a, b]);
  }
  return out;
}

const CLOSING = new Set('.!?…:;"”’)]'.split('').map((ch) => ch.charCodeAt(0)));

/** True when a block of text ends mid-sentence (no closing punctuation before trailing whitespace). */
export function endsMidSentence(text: string): boolean {
  // Read from the end: the regex /[.!?…:;"”’)\]]\s*$/u is tried at every position of a long line.
  let end = text.length;
  while (end > 0 && isWhitespace(text.charCodeAt(end - 1))) end--;
  return end === 0 || !CLOSING.has(text.charCodeAt(end - 1));
}
