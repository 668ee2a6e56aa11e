import { MappedText, sliceMapped } from './mappedText';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A title's echo pattern (compiled on first use: most lines never need it) and a test for its longest word. */
interface TitleEcho {
  pattern: RegExp | undefined | null;
  words: string[];
  /**
   * Finds the title's longest word in any case, as the echo pattern does (same flags, so
   * the same case folding): a line without it holds no echo. Half the time of lower-casing
   * each line to search it, and no copy of the line.
   */
  longestWord: RegExp;
}

const echoes = new Map<string, TitleEcho>();

function titleEcho(title: string): TitleEcho {
  let echo = echoes.get(title);
  if (!echo) {
    if (echoes.size > 1000) echoes.clear();
    const words = title.trim().split(/\s+/).filter(Boolean);
    const longest = words.reduce((a, b) => (b.length > a.length ? b : a), '');
    echo = { pattern: null, words, longestWord: new RegExp(escapeRegExp(longest), 'iu') };
    echoes.set(title, echo);
  }
  return echo;
}

/** A pattern for a title as web copy repeats it: any case, any whitespace (compiled once per title). */
export function titleEchoPattern(title: string): RegExp | undefined {
  const echo = titleEcho(title);
  if (echo.pattern === null) echo.pattern = compileTitlePattern(echo.words);
  return echo.pattern;
}

function compileTitlePattern(words: readonly string[]): RegExp | undefined {
  if (words.length < 2) return undefined; // a one-word title is too likely to be real content
  return new RegExp(words.map(escapeRegExp).join('\\s+'), 'giu');
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
  if (echo.words.length < 2) return line;
  if (!echo.longestWord.test(line.text)) return line; // cheap test before the pattern
  const pattern = titleEchoPattern(title)!;
  const cuts: Array<[number, number]> = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(line.text); m; m = pattern.exec(line.text)) {
    const before = line.text.slice(0, m.index);
    const after = line.text.slice(m.index + m[0].length);
    const atStart = before.trim().length === 0 || SENTENCE_END.test(before);
    const atEnd = after.trim().length === 0 || SENTENCE_START.test(after);
    const boundary = after.length === 0 || /^\s/.test(after);
    if (atStart && atEnd && boundary) cuts.push([m.index, m.index + m[0].length]);
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
