import * as path from 'node:path';
import { CorpusFile } from './corpusFiles';
import { LineIndex } from './lineIndex';
import { MappedText, collapseWhitespace, joinMapped, trimMapped } from './mappedText';
import { endsMidSentence, sentenceRanges } from './sentences';
import { snippetId } from './snippet';
import { SourceFormat, parseSourceDocument, sourceFormat } from './sourceDocument';
import { TextBlock } from './textBlocks';
import { removeTitleEchoes } from './titleEcho';

// The half of indexing that needs no taxonomy: a document parsed, cleaned and split into
// sentences with ids and positions. A worker thread does this for large corpora (see
// splitBatches.ts), so this module imports nothing of tagging, snippets or search.

interface CleanBlock {
  kind: TextBlock['kind'];
  text: MappedText;
}

/**
 * Strips title echoes and normalises whitespace line by line, then regroups
 * lines into paragraphs: web copy puts one paragraph per line, and sometimes
 * breaks one sentence across a blank line, which is rejoined.
 */
function cleanBlocks(blocks: readonly TextBlock[], title: string): CleanBlock[] {
  const paragraphs: Array<{ kind: TextBlock['kind']; lines: MappedText[] }> = [];
  let previousKind: TextBlock['kind'] | undefined;
  for (const block of blocks) {
    let current: { kind: TextBlock['kind']; lines: MappedText[] } | undefined;
    for (const raw of block.lines) {
      const line = trimMapped(collapseWhitespace(removeTitleEchoes(raw, title)));
      if (line.text.length === 0) continue;
      const last = paragraphs[paragraphs.length - 1];
      const lastLine = last?.lines[last.lines.length - 1]?.text ?? '';
      const startsLower = /^[\p{Ll}]/u.test(line.text);
      if (!current && last && previousKind === block.kind && block.kind !== 'heading' && endsMidSentence(lastLine) && startsLower) {
        current = last; // the sentence continues after a blank line
      } else if (current && block.kind === 'paragraph' && !endsMidSentence(lastLine) && !startsLower) {
        current = undefined; // a line that starts a sentence after one that ended one: new paragraph
      }
      if (!current) {
        current = { kind: block.kind, lines: [] };
        paragraphs.push(current);
      }
      current.lines.push(line);
    }
    if (current) previousKind = block.kind;
  }
  // Lines are collapsed and trimmed, so joining them with single spaces leaves nothing to collapse.
  const cleaned: CleanBlock[] = [];
  for (let k = 0; k < paragraphs.length; k++) cleaned.push({ kind: paragraphs[k].kind, text: joinMapped(paragraphs[k].lines) });
  return cleaned;
}

/** A corpus document's file, folder, path within the folder, title, format and front matter. */
export interface DocumentInfo {
  file: string;
  folder: string;
  corpusPath: string;
  title: string;
  format: SourceFormat;
  meta: Record<string, unknown>;
}

/**
 * A document read, cleaned and split into sentences with ids and positions:
 * everything indexing does that needs no taxonomy (see `assembleDocument`).
 * Its blocks are columns, a few arrays a document rather than a few a
 * paragraph, as they are copied between threads.
 */
export interface SplitDocument extends DocumentInfo {
  /** Per block: its sentence count, or -1 for a heading (no sentences; it sets the procedures of the paragraphs under it). */
  blocks: number[];
  /** The headings' texts, in order. */
  headings: string[];
  /** Per sentence, in order: its cleaned text, its id, and (four numbers each) line, column, endLine, endColumn. */
  texts: string[];
  ids: string[];
  positions: number[];
  /** Per sentence, where another thread has numbered the texts (see SentenceTagMemo.tagNumbered); else empty. */
  textNumbers: number[];
}

/**
 * A split document with no blocks yet. Splits made here and splits unpacked
 * from another thread are made by this one function, so they share one object
 * shape: the indexing code that reads them stays specialised to it (V8 had
 * thrown it away when the first unpacked split came, and compiled it again).
 */
export function emptySplit({ file, folder, corpusPath, title, format, meta }: DocumentInfo): SplitDocument {
  return { file, folder, corpusPath, title, format, meta, blocks: [], headings: [], texts: [], ids: [], positions: [], textNumbers: [] };
}

/** Parses, cleans and splits a document into sentences, giving each its id and position. */
export function splitDocument(file: CorpusFile): SplitDocument {
  const format = sourceFormat(file.file) ?? 'text';
  const parsed = parseSourceDocument(file.text, format, path.basename(file.file).replace(/\.[^.]+$/, ''));
  const cleaned = cleanBlocks(parsed.blocks, parsed.title);
  const split = emptySplit({ file: file.file, folder: file.folder, corpusPath: file.corpusPath, title: parsed.title, format, meta: parsed.meta });
  const lineIndex = new LineIndex(file.text);
  // Ids given so far: a sentence repeated in a document gets -2, -3, ...
  const seen = new Set<string>();
  for (let k = 0; k < cleaned.length; k++) {
    if (cleaned[k].kind === 'heading') {
      split.blocks.push(-1);
      split.headings.push(cleaned[k].text.text);
    } else split.blocks.push(splitParagraph(cleaned[k].text, split, lineIndex, seen));
  }
  return split;
}

/** Adds a paragraph's sentences to the document's columns; how many. */
function splitParagraph({ text, offsets }: MappedText, into: SplitDocument, lineIndex: LineIndex, seen: Set<string>): number {
  const ranges = sentenceRanges(text);
  for (let k = 0; k < ranges.length; k++) {
    const sentence = text.slice(ranges[k][0], ranges[k][1]);
    // Sentences are never empty: their first and last characters map back to the file.
    const start = lineIndex.position(offsets[ranges[k][0]]);
    const end = lineIndex.position(offsets[ranges[k][1] - 1] + 1);
    const baseId = snippetId(into.corpusPath, sentence);
    let id = baseId;
    for (let n = 2; seen.has(id); n++) id = `${baseId}-${n}`;
    seen.add(id);
    into.texts.push(sentence);
    into.ids.push(id);
    into.positions.push(start.line, start.column, end.line, end.column);
  }
  return ranges.length;
}

