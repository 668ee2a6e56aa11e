/** A word of a text: lower-cased, with its span. */
export interface Token {
  word: string;
  start: number;
  end: number;
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

function isWordChar(code: number, text: string, i: number): boolean {
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
  return WORD_CHAR.test(text[i]);
}

/**
 * Calls `visit` with each lower-cased letter/digit run of a text and its span.
 * A hand loop over char codes: this is the indexing hot path.
 */
export function forEachWord(text: string, visit: (word: string, start: number, end: number) => void): void {
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const inWord = i < text.length && isWordChar(text.charCodeAt(i), text, i);
    if (inWord) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      // A fresh lower-cased copy, not a slice of a lower-cased whole: slices keep their parent
      // alive and hash slowly as Map keys.
      visit(text.slice(start, i).toLowerCase(), start, i);
      start = -1;
    }
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
