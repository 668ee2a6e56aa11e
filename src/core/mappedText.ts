/**
 * Text that remembers where each of its characters came from in an original
 * file, so cleaning and normalising never lose provenance.
 */
export interface MappedText {
  readonly text: string;
  /** offsets[i] is the offset in the original text of text[i]. */
  readonly offsets: Int32Array;
}

export function mappedRange(source: string, start: number, end: number): MappedText {
  const offsets = new Int32Array(end - start);
  for (let i = 0; i < offsets.length; i++) offsets[i] = start + i;
  return { text: source.slice(start, end), offsets };
}

export function sliceMapped(m: MappedText, start: number, end: number = m.text.length): MappedText {
  return { text: m.text.slice(start, end), offsets: m.offsets.slice(start, end) };
}

/** Original offset just past the last character (exclusive end). */
export function originalEnd(m: MappedText): number {
  return m.offsets.length ? m.offsets[m.offsets.length - 1] + 1 : 0;
}

// Zero-width characters that web copy carries but that are never content.
const INVISIBLE = /[\u200B\u200C\u200D\u2060\uFEFF\u00AD]/;
const SPACE = /\s/;

/** Collapses whitespace runs to one space and drops invisible characters. */
export function collapseWhitespace(m: MappedText): MappedText {
  let text = '';
  const offsets: number[] = [];
  let inSpace = false;
  for (let i = 0; i < m.text.length; i++) {
    const ch = m.text[i];
    if (INVISIBLE.test(ch)) continue;
    if (SPACE.test(ch)) {
      if (!inSpace) {
        text += ' ';
        offsets.push(m.offsets[i]);
        inSpace = true;
      }
      continue;
    }
    inSpace = false;
    text += ch;
    offsets.push(m.offsets[i]);
  }
  return { text, offsets: Int32Array.from(offsets) };
}

export function trimMapped(m: MappedText): MappedText {
  let start = 0;
  let end = m.text.length;
  while (start < end && SPACE.test(m.text[start])) start++;
  while (end > start && SPACE.test(m.text[end - 1])) end--;
  return start === 0 && end === m.text.length ? m : sliceMapped(m, start, end);
}

/** Joins pieces with a single space mapped to the character after each piece. */
export function joinMapped(parts: readonly MappedText[]): MappedText {
  const nonEmpty = parts.filter((p) => p.text.length > 0);
  let text = '';
  const offsets: number[] = [];
  nonEmpty.forEach((part, index) => {
    if (index > 0) {
      text += ' ';
      offsets.push(originalEnd(nonEmpty[index - 1]));
    }
    text += part.text;
    for (const o of part.offsets) offsets.push(o);
  });
  return { text, offsets: Int32Array.from(offsets) };
}
