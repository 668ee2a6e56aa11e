/**
 * Text that remembers where each of its characters came from in an original
 * file, so cleaning and normalising never lose provenance.
 */
export interface MappedText {
  readonly text: string;
  /** offsets[i] is the offset in the original text of text[i]. */
  readonly offsets: Int32Array;
}

/** Longest identity kept for reuse (4 MB); ranges reaching past it get an array of their own. */
const SHARED_IDENTITY_LIMIT = 1 << 20;
let sharedIdentity = new Int32Array(0);

/**
 * Offsets start, start + 1, ..., end - 1: a view of one shared array counting
 * up from 0 (offsets are read-only views by contract), so mapping a whole
 * document costs no allocation and no fill after the first.
 */
export function identityRange(start: number, end: number): Int32Array {
  end = Math.max(start, end);
  if (end > SHARED_IDENTITY_LIMIT) {
    const own = new Int32Array(end - start);
    for (let i = 0; i < own.length; i++) own[i] = start + i;
    return own;
  }
  if (end > sharedIdentity.length) {
    sharedIdentity = new Int32Array(Math.min(SHARED_IDENTITY_LIMIT, Math.max(end, 2 * sharedIdentity.length, 4096)));
    for (let i = 0; i < sharedIdentity.length; i++) sharedIdentity[i] = i;
  }
  return sharedIdentity.subarray(start, end);
}

export function mappedRange(source: string, start: number, end: number): MappedText {
  return { text: source.slice(start, end), offsets: identityRange(start, end) };
}

export function sliceMapped(m: MappedText, start: number, end: number = m.text.length): MappedText {
  // subarray shares memory: slices are read-only views of their parent.
  return { text: m.text.slice(start, end), offsets: m.offsets.subarray(start, end) };
}

/** Original offset just past the last character (exclusive end). */
export function originalEnd(m: MappedText): number {
  return m.offsets.length ? m.offsets[m.offsets.length - 1] + 1 : 0;
}

// Zero-width characters that web copy carries but that are never content.
const INVISIBLE = /[\u200B\u200C\u200D\u2060\uFEFF\u00AD]/;
const SPACE = /\s/;
// Anything collapseWhitespace would change: a non-space whitespace, two spaces, or an invisible.
const NEEDS_COLLAPSE = /[^\S ]| {2}|[\u200B\u200C\u200D\u2060\uFEFF\u00AD]/;

/** Collapses whitespace runs to one space and drops invisible characters. */
export function collapseWhitespace(m: MappedText): MappedText {
  if (!NEEDS_COLLAPSE.test(m.text)) return m; // the common case: nothing to do
  let text = '';
  const offsets = new Int32Array(m.text.length);
  let length = 0;
  let inSpace = false;
  for (let i = 0; i < m.text.length; i++) {
    const ch = m.text[i];
    if (INVISIBLE.test(ch)) continue;
    if (SPACE.test(ch)) {
      if (!inSpace) {
        text += ' ';
        offsets[length++] = m.offsets[i];
        inSpace = true;
      }
      continue;
    }
    inSpace = false;
    text += ch;
    offsets[length++] = m.offsets[i];
  }
  return { text, offsets: offsets.slice(0, length) };
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
  // Plain loops, no filter/map/forEach: this runs for every paragraph of a corpus, and V8 gave
  // map's result array another shape than push's, so `join` here was compiled twice.
  const texts: string[] = [];
  let last = -1;
  for (let k = 0; k < parts.length; k++) {
    if (parts[k].text.length === 0) continue;
    texts.push(parts[k].text);
    last = k;
  }
  if (texts.length === 1) return parts[last];
  const text = texts.join(' ');
  const offsets = new Int32Array(text.length);
  let at = 0;
  let previous: MappedText | undefined;
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k];
    if (part.text.length === 0) continue;
    if (previous) offsets[at++] = originalEnd(previous);
    offsets.set(part.offsets, at);
    at += part.offsets.length;
    previous = part;
  }
  return { text, offsets };
}
