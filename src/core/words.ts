import { CodeUnitBuffer } from './codeUnits';

/** A word of a text: lower-cased, with its span. */
export interface Token {
  word: string;
  start: number;
  end: number;
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

// Lower-cased code of an ASCII word character, 0 for any other ASCII character.
const ASCII_LOWER = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ASCII_LOWER[c] = c;
for (let c = 65; c <= 90; c++) ASCII_LOWER[c] = c + 32;
for (let c = 97; c <= 122; c++) ASCII_LOWER[c] = c;

// Whether a non-ASCII UTF-16 code unit is a word character, tested once per code unit: 0 unknown, 1 yes, 2 no.
const nonAsciiClass = new Uint8Array(65536);
function isNonAsciiWordChar(code: number): boolean {
  let known = nonAsciiClass[code];
  if (known === 0) known = nonAsciiClass[code] = WORD_CHAR.test(String.fromCharCode(code)) ? 1 : 2;
  return known === 1;
}

// Whether a UTF-16 code unit matches /\s/, tested once per code unit: 0 unknown, 1 yes, 2 no.
const spaceClass = new Uint8Array(65536);
export function isWhitespace(code: number): boolean {
  let known = spaceClass[code];
  if (known === 0) known = spaceClass[code] = /\s/.test(String.fromCharCode(code)) ? 1 : 2;
  return known === 1;
}

function isWordChar(code: number): boolean {
  return code < 128 ? ASCII_LOWER[code] !== 0 : isNonAsciiWordChar(code);
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;

/**
 * Interns the lower-cased words of texts as small integer ids (first seen,
 * first numbered). A word seen before is found by hashing its characters where
 * they stand, so reading a text allocates nothing per word: indexing reads
 * millions of words but only a few thousand distinct ones.
 */
export class WordTable {
  /** The lower-cased word of each id. */
  readonly words: string[] = [];
  /** Span of the word the last `next` call found. */
  start = 0;
  end = 0;
  // Small to start with, so that growing happens within the first text read, while V8 still
  // interprets this code: optimised code then has the growth path compiled in, rather than being
  // thrown away and compiled again when the table first fills (measured at indexing).
  private hashes = new Int32Array(8);
  /** Open addressing, linear probing: id + 1, 0 = empty. */
  private slots = new Int32Array(16);
  private readonly codeUnits = new CodeUnitBuffer();

  get size(): number {
    return this.words.length;
  }

  /** The text's code units, for `next` (in a buffer the next call reuses; see CodeUnitBuffer). */
  codesOf(text: string): Uint16Array {
    return this.codeUnits.of(text);
  }

  /**
   * The id of the first word at or after `from` in `text`, with its span in
   * `start`/`end`; -1 when there is none. Words are letter/digit runs. Reads the
   * characters from `codes`, the text's code units (codesOf): a sentence is
   * usually a slice of its paragraph, which charCodeAt reads about three times slower.
   */
  next(text: string, codes: Uint16Array, from: number): number {
    const n = text.length;
    let i = from;
    while (i < n && !isWordChar(codes[i])) i++;
    if (i >= n) return -1;
    const start = i;
    let hash = FNV_OFFSET;
    let ascii = true;
    for (; i < n; i++) {
      const code = codes[i];
      if (code < 128) {
        const lower = ASCII_LOWER[code];
        if (lower === 0) break;
        hash = Math.imul(hash ^ lower, FNV_PRIME);
      } else if (isNonAsciiWordChar(code)) {
        ascii = false;
      } else {
        break;
      }
    }
    this.start = start;
    this.end = i;
    // Non-ASCII case mapping can change length or depend on context (final sigma): leave it to toLowerCase.
    return ascii ? this.asciiId(text, codes, start, i, hash) : this.id(text.slice(start, i).toLowerCase());
  }

  /** The id of an already lower-cased word, adding it when new. */
  id(word: string): number {
    let hash = FNV_OFFSET;
    for (let k = 0; k < word.length; k++) hash = Math.imul(hash ^ word.charCodeAt(k), FNV_PRIME);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot];
      if (entry === 0) return this.add(word, hash, slot);
      if (this.hashes[entry - 1] === hash && this.words[entry - 1] === word) return entry - 1;
    }
  }

  private asciiId(text: string, codes: Uint16Array, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot];
      if (entry === 0) return this.add(text.slice(start, end).toLowerCase(), hash, slot);
      const id = entry - 1;
      if (this.hashes[id] !== hash) continue;
      const word = this.words[id];
      if (word.length !== length) continue;
      let k = 0;
      while (k < length && word.charCodeAt(k) === ASCII_LOWER[codes[start + k]]) k++;
      if (k === length) return id;
    }
  }

  private add(word: string, hash: number, slot: number): number {
    const id = this.words.length;
    this.words.push(word);
    if (id >= this.hashes.length) {
      const grown = new Int32Array(this.hashes.length * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[id] = hash;
    this.slots[slot] = id + 1;
    if (this.words.length * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.words.length; id++) {
      let slot = this.hashes[id] & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
  }
}

// Shared by forEachWord so each distinct word string is made once; dropped when it grows large.
let sharedTable = new WordTable();
const SHARED_TABLE_LIMIT = 200_000;
const codeBuffers: CodeUnitBuffer[] = [];
let depth = 0;

/**
 * Calls `visit` with each lower-cased letter/digit run of a text and its span.
 * This is the indexing hot path: see WordTable.
 */
export function forEachWord(text: string, visit: (word: string, start: number, end: number) => void): void {
  if (sharedTable.size > SHARED_TABLE_LIMIT) sharedTable = new WordTable();
  const table = sharedTable;
  // A buffer per depth: `visit` may read another text's words meanwhile.
  const codes = (codeBuffers[depth] ??= new CodeUnitBuffer()).of(text);
  depth++;
  try {
    for (let id = table.next(text, codes, 0); id >= 0; ) {
      const { start, end } = table; // read before visiting: visit may tokenise too
      visit(table.words[id], start, end);
      id = table.next(text, codes, end);
    }
  } finally {
    depth--;
  }
}

/** Splits a text into lower-cased letter/digit runs with their spans. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  forEachWord(text, (word, start, end) => tokens.push({ word, start, end }));
  return tokens;
}

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent swaps), giving
 * up early once it exceeds `max`: typos are one or two keystrokes.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, prevPrev[j - 2] + 1);
      row.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length];
}
