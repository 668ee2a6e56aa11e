import { MappedText, sliceMapped, trimMapped } from './mappedText';

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

/**
 * Sentence segments of a text. Long texts are cut into chunks first, at a
 * sentence-looking boundary (". " before a capital) near the chunk size, else at
 * a space, so a 1 MB paragraph takes linear time; a single "sentence" longer than
 * a chunk is split at a space.
 */
function* segments(text: string): Generator<{ segment: string; index: number }> {
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
    for (const { segment, index } of sentenceSegmenter().segment(text.slice(start, end))) yield { segment, index: start + index };
    start = end;
  }
}

function endsWithAbbreviation(segment: string): boolean {
  const m = /(?:^|[\s(])([A-Za-z][A-Za-z.]*)\.\s*$/.exec(segment);
  return m !== null && ABBREVIATIONS.has(m[1].toLowerCase());
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
  const ranges: Array<[number, number]> = [];
  for (const { segment, index } of segments(block.text)) {
    const last = ranges[ranges.length - 1];
    const previous = last ? block.text.slice(last[0], last[1]) : '';
    const continues =
      last !== undefined && (endsWithAbbreviation(previous) || /^\s*[\p{Ll}]/u.test(segment) || !/[\p{L}\p{N}]/u.test(segment));
    if (continues) last[1] = index + segment.length;
    else ranges.push([index, index + segment.length]);
  }
  const sentences: SentenceSpan[] = [];
  for (const [a, b] of ranges) {
    const raw = sliceMapped(block, a, b);
    const trimmed = trimMapped(raw);
    if (!/[\p{L}\p{N}]/u.test(trimmed.text)) continue;
    const lead = raw.text.length - raw.text.trimStart().length;
    sentences.push({ ...trimmed, blockStart: a + lead });
  }
  return sentences;
}

/** True when a block of text ends mid-sentence (no closing punctuation). */
export function endsMidSentence(text: string): boolean {
  return !/[.!?…:;"”’)\]]\s*$/u.test(text);
}
