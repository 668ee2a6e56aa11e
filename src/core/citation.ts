import { Finding } from './claims/finding';
import { LineIndex } from './lineIndex';
import { Snippet } from './snippet';

/** How an inserted snippet records where it came from (`clinicalWriter.insert.citation`). */
export type CitationMode = 'none' | 'comment' | 'footnote';

/** The text to put at the cursor and, for footnotes, the definition to append to the document. */
export interface InsertionText {
  /** Replaces the selection (or goes at the cursor). */
  text: string;
  /** A footnote definition to append at the end of the document, when not already there. */
  appendix?: string;
}

const ID = 'cw-[0-9a-f]{6,40}(?:-\\d+)?';

/**
 * Directive that silences findings on its own line (a Markdown comment, so invisible when
 * rendered; recognised in plain text too). Same family as the checker's
 * `clinical-check-disable-next-line` / `clinical-check-disable` / `clinical-check-enable`.
 */
export const IGNORE_LINE_DIRECTIVE = 'clinical-check-disable-line';
export const IGNORE_LINE_COMMENT = `<!-- ${IGNORE_LINE_DIRECTIVE} -->`;

export function commentMarker(id: string): string {
  return `<!-- cw-snippet: ${id} -->`;
}

export function footnoteMarker(id: string): string {
  return `[^${id}]`;
}

/** Footnote text naming the source: title, corpus path and line. */
export function footnoteDefinition(snippet: Snippet): string {
  const title = snippet.source.title.replace(/\s+/g, ' ').trim();
  return `[^${snippet.id}]: Vetted source: ${title} (${snippet.source.corpusPath}, line ${snippet.source.line}).`;
}

/**
 * What to insert for a snippet: the sentence exactly, then its provenance.
 * `documentText` is used to avoid a second copy of a footnote definition and to
 * separate the appended footnote from the last line.
 */
export function insertionText(snippet: Snippet, mode: CitationMode, documentText = ''): InsertionText {
  if (mode === 'comment') return { text: `${snippet.text} ${commentMarker(snippet.id)}` };
  if (mode === 'footnote') {
    const definition = footnoteDefinition(snippet);
    const hasDefinition = documentText.includes(`[^${snippet.id}]:`);
    if (hasDefinition) return { text: `${snippet.text}${footnoteMarker(snippet.id)}` };
    const trailing = /(\r?\n)*$/.exec(documentText)?.[0] ?? '';
    const eol = documentText.includes('\r\n') ? '\r\n' : '\n';
    const newlines = trailing.split(/\r?\n/).length - 1;
    const lead = documentText.length === 0 ? '' : eol.repeat(Math.max(0, 2 - newlines));
    return { text: `${snippet.text}${footnoteMarker(snippet.id)}`, appendix: `${lead}${definition}${eol}` };
  }
  return { text: snippet.text };
}

/** A snippet id carried by the document (comment or footnote reference) and the sentence it follows. */
export interface SnippetMarker {
  id: string;
  /** Offsets of the marker itself. */
  markerStart: number;
  markerEnd: number;
  /** Offsets of the sentence before the marker (same line). */
  sentenceStart: number;
  sentenceEnd: number;
  sentence: string;
}

const MARKER_RE = new RegExp(`<!--\\s*cw-snippet:\\s*(${ID})\\s*-->|\\[\\^(${ID})\\](?!:)`, 'g');
const normalise = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();

/** Finds snippet markers and the sentence each one follows (from the previous sentence end on its line). */
export function findSnippetMarkers(text: string): SnippetMarker[] {
  const markers: SnippetMarker[] = [];
  MARKER_RE.lastIndex = 0;
  for (let m = MARKER_RE.exec(text); m; m = MARKER_RE.exec(text)) {
    const id = m[1] ?? m[2];
    const lineStart = Math.max(text.lastIndexOf('\n', m.index - 1) + 1, 0);
    let before = text.slice(lineStart, m.index);
    // Stop at an earlier marker on the same line.
    const previous = [...before.matchAll(new RegExp(MARKER_RE.source, 'g'))].pop();
    let base = lineStart;
    if (previous) {
      base = lineStart + previous.index! + previous[0].length;
      before = text.slice(base, m.index);
    }
    // The sentence starts after the last sentence end that is not the sentence's own closing punctuation.
    const trimmedEnd = before.replace(/\s+$/, '');
    const body = trimmedEnd.replace(/[.!?…]["”’)\]]*$/, '');
    let start = 0;
    const ends = [...body.matchAll(/[.!?…]["”’)\]]*\s+/g)];
    if (ends.length) {
      const last = ends[ends.length - 1];
      start = last.index! + last[0].length;
    }
    // Skip list bullets, quote markers and leading space.
    const lead = /^\s*(?:(?:[-*+]|\d+[.)])\s+|>\s*)*/.exec(before.slice(start))?.[0].length ?? 0;
    start += lead;
    markers.push({
      id,
      markerStart: m.index,
      markerEnd: m.index + m[0].length,
      sentenceStart: base + start,
      sentenceEnd: base + trimmedEnd.length,
      sentence: before.slice(start, trimmedEnd.length),
    });
  }
  return markers;
}

/**
 * Flags sentences whose snippet id no longer matches the corpus: the id is
 * gone (its source changed) or the sentence before it was edited.
 */
export function driftFindings(text: string, snippets: ReadonlyMap<string, Snippet> | ((id: string) => Snippet | undefined)): Finding[] {
  const lookup = typeof snippets === 'function' ? snippets : (id: string) => snippets.get(id);
  const lines = new LineIndex(text);
  const findings: Finding[] = [];
  for (const marker of findSnippetMarkers(text)) {
    const snippet = lookup(marker.id);
    if (snippet && normalise(snippet.text) === normalise(marker.sentence)) continue;
    const start = marker.sentence.length > 0 ? marker.sentenceStart : marker.markerStart;
    const end = marker.sentence.length > 0 ? marker.sentenceEnd : marker.markerEnd;
    const a = lines.position(start);
    const b = lines.position(end);
    const finding: Finding = {
      line: a.line,
      column: a.column,
      endLine: b.line,
      endColumn: b.column,
      severity: 'warning',
      code: 'drift',
      message: snippet
        ? `Vetted snippet changed: this sentence no longer matches ${marker.id} in "${snippet.source.title}": "${snippet.text}"`
        : `Vetted snippet changed: ${marker.id} is no longer in the corpus (its source document was edited or removed).`,
    };
    if (snippet) {
      finding.source = {
        file: snippet.source.file,
        title: snippet.source.title,
        line: snippet.source.line,
        column: snippet.source.column,
        endLine: snippet.source.endLine,
        endColumn: snippet.source.endColumn,
        text: snippet.text,
        snippetId: snippet.id,
      };
      if (marker.sentence.length > 0) finding.replacement = snippet.text;
    }
    findings.push(finding);
  }
  return findings;
}

/** True when a line carries the ignore directive. */
export function hasIgnoreDirective(line: string): boolean {
  return line.includes(IGNORE_LINE_DIRECTIVE);
}

/** Drops findings that start on a line carrying the ignore directive. */
export function withoutIgnoredLines(text: string, findings: readonly Finding[]): Finding[] {
  const lines = new LineIndex(text);
  return findings.filter((f) => {
    const { start, end } = lines.lineRange(Math.min(f.line, lines.lineCount));
    return !hasIgnoreDirective(text.slice(start, end));
  });
}
