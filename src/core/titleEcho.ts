import { MappedText, sliceMapped } from './mappedText';
import { isWhitespace } from './words';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A title and how to find it as web copy repeats it: in any case (as a pattern
 * with the `iu` flags matches), with any whitespace between its words. An ASCII
 * title, the usual kind, is found by comparing characters: compiling a pattern
 * for each document's own title, which V8 then compiles again to machine code,
 * cost about 0.1 ms a document (a 4,000-document library with titles of its own
 * indexed in 0.4 s more). Other titles, and lines holding one of the two
 * non-ASCII characters that match ASCII letters in any case (U+017F ſ, U+212A K),
 * use patterns, compiled on first use.
 */
interface TitleEcho {
  words: string[];
  /** The words, when the title is ASCII. */
  asciiWords: AsciiWord[] | undefined;
  longest: number;
  /** Finds the title's longest word in any case: a line without it holds no echo. */
  longestWord: RegExp | undefined;
  pattern: RegExp | undefined | null;
}

const echoes = new Map<string, TitleEcho>();

function titleEcho(title: string): TitleEcho {
  let echo = echoes.get(title);
  if (!echo) {
    if (echoes.size > 1000) echoes.clear();
    const words = title.trim().split(/\s+/).filter(Boolean);
    let longest = 0;
    for (let k = 1; k < words.length; k++) if (words[k].length > words[longest].length) longest = k;
    const asciiWords = /^[\x00-\x7f]*$/.test(title) ? words.map(asciiWord) : undefined;
    echo = { words, asciiWords, longest, longestWord: undefined, pattern: null };
    echoes.set(title, echo);
  }
  return echo;
}

/** A pattern for a title as web copy repeats it: any case, any whitespace (compiled once per title). */
export function titleEchoPattern(title: string): RegExp | undefined {
  const echo = titleEcho(title);
  if (echo.pattern === null) echo.pattern = echo.words.length < 2 ? undefined : new RegExp(echo.words.map(escapeRegExp).join('\\s+'), 'giu');
  return echo.pattern;
}

/** Whether a line holds a character the ASCII path cannot compare (see TitleEcho). */
const FOLDS_TO_ASCII = /[\u017f\u212a]/;

/** Whether `lower` (ASCII, lower-cased) is at `at` in `text` in any case. */
function asciiWordAt(text: string, at: number, lower: string): boolean {
  if (at + lower.length > text.length) return false;
  for (let k = 0; k < lower.length; k++) {
    let code = text.charCodeAt(at + k);
    if (code >= 65 && code <= 90) code += 32;
    if (code !== lower.charCodeAt(k)) return false;
  }
  return true;
}

/** English letters, most frequent first: a word is searched for by its rarest (other characters count as rarer still). */
const LETTER_FREQUENCY = 'etaoinshrdlcumwfgypbvkjxqz';

/** An ASCII word, lower-cased, and which of its characters to search for (its rarest). */
interface AsciiWord {
  lower: string;
  key: number;
}

function asciiWord(word: string): AsciiWord {
  const lower = word.toLowerCase();
  const rarity = (ch: string) => (LETTER_FREQUENCY.includes(ch) ? LETTER_FREQUENCY.indexOf(ch) : LETTER_FREQUENCY.length);
  let key = 0;
  for (let k = 1; k < lower.length; k++) if (rarity(lower[k]) > rarity(lower[key])) key = k;
  return { lower, key };
}

/**
 * Where a word first is in `text` from `from` on, in any case; -1 if nowhere.
 * Its rarest character is looked for in both cases with indexOf, and the word
 * checked around it: as fast as a case-insensitive pattern (scanning for its
 * first letter, often a common one, took three times as long).
 */
function asciiIndexOf(text: string, { lower, key }: AsciiWord, from: number): number {
  const ch = lower[key];
  const upper = ch.toUpperCase();
  let a = text.indexOf(ch, from + key);
  let b = upper === ch ? -1 : text.indexOf(upper, from + key);
  while (a >= 0 || b >= 0) {
    const at = b < 0 || (a >= 0 && a < b) ? a : b;
    if (asciiWordAt(text, at - key, lower)) return at - key;
    if (at === a) a = text.indexOf(ch, at + 1);
    else b = text.indexOf(upper, at + 1);
  }
  return -1;
}

/**
 * The next echo of an ASCII title in `text` from `from` on, as its pattern finds
 * it: the leftmost place where its words follow each other with whitespace
 * between. Greedy whitespace never needs to give any back, as no word starts with whitespace.
 */
function nextAsciiEcho(text: string, words: readonly AsciiWord[], from: number): [number, number] | undefined {
  for (let start = asciiIndexOf(text, words[0], from); start >= 0; start = asciiIndexOf(text, words[0], start + 1)) {
    let at = start + words[0].lower.length;
    let k = 1;
    for (; k < words.length; k++) {
      let next = at;
      while (next < text.length && isWhitespace(text.charCodeAt(next))) next++;
      if (next === at || !asciiWordAt(text, next, words[k].lower)) break;
      at = next + words[k].lower.length;
    }
    if (k === words.length) return [start, at];
  }
  return undefined;
}

/** The title's echoes in a line, in order (each search goes on from the end of the one before). */
function echoesIn(text: string, title: string, echo: TitleEcho): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  if (echo.asciiWords && !FOLDS_TO_ASCII.test(text)) {
    if (asciiIndexOf(text, echo.asciiWords[echo.longest], 0) < 0) return found;
    for (let m = nextAsciiEcho(text, echo.asciiWords, 0); m; m = nextAsciiEcho(text, echo.asciiWords, m[1])) found.push(m);
    return found;
  }
  echo.longestWord ??= new RegExp(escapeRegExp(echo.words[echo.longest]), 'iu');
  if (!echo.longestWord.test(text)) return found; // cheap test before the pattern
  const pattern = titleEchoPattern(title)!;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) found.push([m.index, m.index + m[0].length]);
  return found;
}

const SENTENCE_END = /[.!?…:;)"”’]\s*$/u;
const SENTENCE_START = /^\s*[\p{Lu}\p{N}"“‘(]/u;

/**
 * Removes a document's title where web copy echoes it as noise: at the start
 * of a line before a new sentence, at the end after a finished one, between
 * two sentences, or as the whole line. A title that is grammatically part of a
 * sentence ("Spinal fusion is ...") is content and stays.
 */
export function removeTitleEchoes(line: MappedText, title: string): MappedText {
  const echo = titleEcho(title);
  if (echo.words.length < 2) return line; // a one-word title is too likely to be real content
  const cuts: Array<[number, number]> = [];
  for (const [start, end] of echoesIn(line.text, title, echo)) {
    const before = line.text.slice(0, start);
    const after = line.text.slice(end);
    const atStart = before.trim().length === 0 || SENTENCE_END.test(before);
    const atEnd = after.trim().length === 0 || SENTENCE_START.test(after);
    const boundary = after.length === 0 || /^\s/.test(after);
    if (atStart && atEnd && boundary) cuts.push([start, end]);
  }
  if (cuts.length === 0) return line;
  const pieces: MappedText[] = [];
  let cursor = 0;
  for (const [a, b] of cuts) {
    pieces.push(sliceMapped(line, cursor, a));
    cursor = b;
  }
  pieces.push(sliceMapped(line, cursor));
  const text = pieces.map((p) => p.text).join('');
  const offsets = new Int32Array(text.length);
  let at = 0;
  for (const p of pieces) {
    offsets.set(p.offsets, at);
    at += p.offsets.length;
  }
  return { text, offsets };
}
