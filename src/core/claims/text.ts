import stem from 'wink-porter2-stemmer';
import { CERTAINTY, DIRECTION, HEDGES, PHRASE_SYNONYMS, SPELLING, STEM_SYNONYMS, STOPWORDS } from './lexicon';

/** Words compared rather than aligned on: a changed hedge or direction must not hide the source. */
function isCompared(word: string): boolean {
  return HEDGES.has(word) || CERTAINTY.has(word) || word in DIRECTION;
}

/** One word or punctuation mark of a sentence, with its place in the sentence text. */
export interface Token {
  /** Lower-cased, spelling-normalised surface form. */
  word: string;
  /** Canonical stem for matching ('' for punctuation and merged phrase tails). */
  stem: string;
  start: number;
  end: number;
  punct: boolean;
  /** A content word: counts for alignment. */
  content: boolean;
  /** Procedure id when this token starts a procedure name. */
  procedure?: string;
  /** Part of a procedure name (first or later word). */
  inProcedure?: boolean;
}

/** Longest sentence text analysed; the rest is ignored (bounds the work per sentence). */
export const MAX_SENTENCE_CHARS = 1200;

const TOKEN_RE = /\d+(?:[.,]\d+)*|[\p{L}\p{N}]+(?:['’][\p{L}]+)?|%|£|\$|€|[^\s\p{L}\p{N}]/gu;

const stemCache = new Map<string, string>();
const baseCache = new Map<string, string>();

/** Porter2 stem of a lower-case word (no synonyms), cached. */
export function baseStem(word: string): string {
  let cached = baseCache.get(word);
  if (cached === undefined) {
    try {
      cached = stem(word);
    } catch {
      cached = word;
    }
    if (baseCache.size > 50000) baseCache.clear();
    baseCache.set(word, cached);
  }
  return cached;
}

/** US spelling of a lower-case word (UK -ise/-isation/-our and a list of others). */
const spellingCache = new Map<string, string>();
export function usSpelling(word: string): string {
  const listed = SPELLING[word];
  if (listed) return listed;
  if (word.length <= 5 || (!word.includes('is') && !word.includes('our'))) return word; // neither ending can match
  let w = spellingCache.get(word);
  if (w === undefined) {
    w = word.replace(/(?<=[a-z]{3})is(e|es|ed|ing|ation|ations|er|ers)$/, 'iz$1').replace(/(?<=[a-z]{3})our(s|ed|able|ably|ite|ites)?$/, 'or$1');
    if (spellingCache.size > 50000) spellingCache.clear();
    spellingCache.set(word, w);
  }
  return w;
}

/** Canonical stem of one lower-case word. */
export function canonicalStem(word: string): string {
  let cached = stemCache.get(word);
  if (cached !== undefined) return cached;
  const us = usSpelling(word.replace(/['’]s$/, '').replace(/’/g, "'"));
  let s: string;
  if (/^\d/.test(us)) s = us;
  else s = baseStem(us);
  cached = STEM_SYNONYMS[s] ?? s;
  if (stemCache.size > 50000) stemCache.clear();
  stemCache.set(word, cached);
  return cached;
}

const phraseTable: Array<{ parts: string[]; canon: string[] }> = PHRASE_SYNONYMS.map(([from, to]) => ({
  parts: from.split(' '),
  canon: to.split(' '),
}));

/** Normalises a sentence for comparison and caching, keeping its length (offsets stay valid). */
const UNNORMAL = /[\u2018\u2019\u02BC\u201C\u201D\u2010-\u2015\u2212\u200B-\u200D\u2060\uFEFF\u00AD\u00A0]/;

export function normaliseText(text: string): string {
  if (!UNNORMAL.test(text)) return text; // nothing to replace (most text)
  return text
    .replace(/[\u2018\u2019\u02BC]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD\u00A0]/g, ' ');
}

/** What a token's text alone gives: its word, stem, and whether it is punctuation or a content word. */
interface WordInfo {
  word: string;
  stem: string;
  punct: boolean;
  content: boolean;
}

/** WordInfo by token text (a sentence's words are mostly ones met before). */
const wordCache = new Map<string, WordInfo>();

function readWord(raw: string): WordInfo {
  const c = raw.charCodeAt(0);
  // A token starting with an ASCII letter or digit is a word; others are read as before.
  const punct = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) ? false : !/[\p{L}\p{N}%£$€]/u.test(raw);
  const lower = raw.toLowerCase();
  const word = usSpelling(lower.includes('’') ? lower.replace(/’/g, "'") : lower);
  let stem = '';
  let content = false;
  if (!punct) {
    if (raw === '%') {
      stem = 'percent';
      content = true;
    } else {
      stem = canonicalStem(word);
      content =
        !STOPWORDS.has(word) &&
        !(word.endsWith("'s") && STOPWORDS.has(word.slice(0, -2))) &&
        !isCompared(word) &&
        stem.length > 0 &&
        !(word.length === 1 && (word === '£' || word === '$' || word === '€'));
    }
  }
  return { word, stem, punct, content };
}

/**
 * Splits a sentence (normalised with `normaliseText`) into tokens with
 * offsets; only the first MAX_SENTENCE_CHARS characters are read.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const limited = text.length > MAX_SENTENCE_CHARS ? text.slice(0, MAX_SENTENCE_CHARS) : text;
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(limited); m; m = TOKEN_RE.exec(limited)) {
    const raw = m[0];
    let w = wordCache.get(raw);
    if (w === undefined) {
      w = readWord(raw);
      if (wordCache.size > 50000) wordCache.clear();
      wordCache.set(raw, w);
    }
    tokens.push({ word: w.word, stem: w.stem, start: m.index, end: m.index + raw.length, punct: w.punct, content: w.content });
  }
  applyPhrases(tokens);
  return tokens;
}

const phraseStarts = new Set(phraseTable.map((p) => p.parts[0]));

function applyPhrases(tokens: Token[]): void {
  for (let i = 0; i < tokens.length; i++) {
    const first = tokens[i];
    if (first.punct || !(phraseStarts.has(first.word) || phraseStarts.has(first.stem) || phraseStarts.has(baseStem(first.word)))) continue;
    for (const { parts, canon } of phraseTable) {
      if (i + parts.length > tokens.length) continue;
      let ok = true;
      for (let k = 0; k < parts.length && ok; k++) {
        const t = tokens[i + k];
        ok = !t.punct && (t.word === parts[k] || t.stem === parts[k] || baseStem(t.word) === parts[k]);
      }
      if (!ok) continue;
      for (let k = 0; k < parts.length; k++) {
        const t = tokens[i + k];
        if (k < canon.length) {
          t.stem = canon[k];
          t.content = true;
        } else {
          t.stem = '';
          t.content = false;
        }
      }
      i += parts.length - 1;
      break;
    }
  }
}

/** Index of the token containing or following a character offset. */
export function tokenAt(tokens: readonly Token[], offset: number): number {
  for (let i = 0; i < tokens.length; i++) if (tokens[i].end > offset) return i;
  return tokens.length;
}
