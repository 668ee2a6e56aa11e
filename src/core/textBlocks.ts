import { MappedText, identityRange } from './mappedText';

/** What a block of prose is in its document; headings and table cells are prose too. */
export type BlockKind = 'paragraph' | 'heading' | 'list-item' | 'table-cell' | 'quote';

/**
 * A run of prose: its lines (inline markup already removed, offsets still
 * pointing into the original text), to be joined with spaces before sentence
 * splitting.
 */
export interface TextBlock {
  kind: BlockKind;
  lines: MappedText[];
  /** 1-based line of the block's first line. */
  line: number;
}

/** An HTML comment found in Markdown (where suppression directives live). */
export interface MarkdownComment {
  text: string;
  /** 1-based lines the comment starts and ends on. */
  line: number;
  endLine: number;
}

export interface ProseLayout {
  blocks: TextBlock[];
  comments: MarkdownComment[];
  /** Raw YAML front matter (without the fences), when present. */
  frontMatter?: string;
}

interface RawLine {
  start: number;
  end: number;
  text: string;
}

function splitLines(text: string): RawLine[] {
  const lines: RawLine[] = [];
  let start = 0;
  if (!text.includes('\r')) {
    // The usual case, \n only: indexOf finds breaks far faster than a regular expression.
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
      lines.push({ start, end: i, text: text.slice(start, i) });
      start = i + 1;
    }
  } else {
    const re = /\r\n|\r|\n/g;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      lines.push({ start, end: m.index, text: text.slice(start, m.index) });
      start = m.index + m[0].length;
    }
  }
  lines.push({ start, end: text.length, text: text.slice(start) });
  return lines;
}

const isBlank = (s: string) => s.trim().length === 0;

/** Plain text: blocks are runs of non-blank lines. */
export function plainTextLayout(text: string, firstLine = 1): ProseLayout {
  const blocks: TextBlock[] = [];
  let current: TextBlock | undefined;
  splitLines(text).forEach((line, index) => {
    if (index + 1 < firstLine) return;
    if (isBlank(line.text)) {
      current = undefined;
      return;
    }
    if (!current) {
      current = { kind: 'paragraph', lines: [], line: index + 1 };
      blocks.push(current);
    }
    current.lines.push({ text: line.text, offsets: identityRange(line.start, line.end) });
  });
  return { blocks, comments: [] };
}

/** Removes character ranges from one line, keeping the offsets of what is left. */
function keepOutside(text: string, start: number, end: number, removals: Array<[number, number]>): MappedText {
  if (removals.length === 0) return { text: text.slice(start, end), offsets: identityRange(start, end) };
  removals.sort((a, b) => a[0] - b[0]);
  let out = '';
  const offsets: number[] = [];
  let cursor = start;
  const emit = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      out += text[i];
      offsets.push(i);
    }
  };
  for (const [a, b] of removals) {
    if (b <= cursor) continue;
    emit(cursor, Math.max(cursor, a));
    cursor = Math.max(cursor, b);
  }
  emit(cursor, end);
  return { text: out, offsets: Int32Array.from(offsets) };
}

/** Finds the spans of Markdown inline syntax to drop from a line of prose. */
function inlineRemovals(line: string, base: number): Array<[number, number]> {
  const removals: Array<[number, number]> = [];
  // Every pattern below needs one of these characters.
  if (!/[`[<*_~\\]/.test(line)) return removals;
  const add = (a: number, b: number) => removals.push([base + a, base + b]);
  const taken = (i: number) => removals.some(([a, b]) => i >= a - base && i < b - base);
  let m: RegExpExecArray | null;
  // Code spans are code, not prose.
  const code = /(`+)[^`]*?\1/g;
  while ((m = code.exec(line))) add(m.index, m.index + m[0].length);
  // Images disappear whole; links keep their text and lose their target.
  const image = /!\[[^\]]*\]\([^)]*\)/g;
  while ((m = image.exec(line))) if (!taken(m.index)) add(m.index, m.index + m[0].length);
  const link = /\[([^\]]*)\](\([^)]*\)|\[[^\]]*\])?/g;
  while ((m = link.exec(line))) {
    if (taken(m.index)) continue;
    if (m[1].startsWith('^')) {
      add(m.index, m.index + m[0].length); // footnote reference
      continue;
    }
    if (m[2] === undefined) continue;
    add(m.index, m.index + 1);
    add(m.index + 1 + m[1].length, m.index + m[0].length);
  }
  const autolink = /<(?:https?:|mailto:)[^>\s]*>/g;
  while ((m = autolink.exec(line))) if (!taken(m.index)) add(m.index, m.index + m[0].length);
  const tag = /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g;
  while ((m = tag.exec(line))) if (!taken(m.index)) add(m.index, m.index + m[0].length);
  // Emphasis markers touching a word; a lone "*" or "_" inside words is text.
  const emphasis = /(?<![\\\w])(\*{1,3}|_{1,3}|~~)(?=\S)|(?<=\S)(\*{1,3}|_{1,3}|~~)(?![\w])/g;
  while ((m = emphasis.exec(line))) if (!taken(m.index)) add(m.index, m.index + m[0].length);
  const escape = /\\(?=[\\`*_{}[\]()#+\-.!|<>~])/g;
  while ((m = escape.exec(line))) if (!taken(m.index)) add(m.index, m.index + 1);
  return removals;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+|$)/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const THEMATIC = /^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$/;
const LIST_ITEM = /^([ \t]*)([-*+]|\d{1,9}[.)])[ \t]+(\[[ xX]\][ \t]+)?/;
const QUOTE = /^ {0,3}(>[ \t]?)+/;
const TABLE_SEPARATOR = /^[ \t]*\|?[ \t]*:?-{1,}:?[ \t]*(\|[ \t]*:?-{1,}:?[ \t]*)+\|?[ \t]*$/;
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]^]+\]:\s*\S/;
const FOOTNOTE_DEFINITION = /^ {0,3}\[\^[^\]]+\]:[ \t]*/;

/**
 * Markdown: the prose a reader sees (headings, paragraphs, list items, table
 * cells, quotes) with offsets into the original, skipping front matter, code,
 * HTML comments and link targets.
 */
export function markdownLayout(text: string): ProseLayout {
  const lines = splitLines(text);
  const blocks: TextBlock[] = [];
  const comments: MarkdownComment[] = [];
  let frontMatter: string | undefined;
  let index = 0;

  if (lines.length > 1 && /^---[ \t]*$/.test(lines[0].text)) {
    const close = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)[ \t]*$/.test(l.text));
    if (close > 0) {
      frontMatter = text.slice(lines[1].start, lines[close].start);
      index = close + 1;
    }
  }

  // HTML comments may span lines: blank them out first, remembering where they were.
  const commentRanges: Array<[number, number]> = [];
  const commentRe = /<!--[\s\S]*?(?:-->|$)/g;
  const scanFrom = index < lines.length ? lines[index].start : text.length;
  commentRe.lastIndex = scanFrom;
  for (let m = commentRe.exec(text); m; m = commentRe.exec(text)) {
    if (m[0].length === 0) break;
    commentRanges.push([m.index, m.index + m[0].length]);
    const lineOf = (offset: number) => lines.findIndex((l) => offset >= l.start && offset <= l.end) + 1;
    comments.push({ text: m[0], line: lineOf(m.index), endLine: lineOf(m.index + m[0].length - 1) });
  }
  const commentsIn = (start: number, end: number) =>
    commentRanges.filter(([a, b]) => a < end && b > start).map(([a, b]) => [Math.max(a, start), Math.min(b, end)] as [number, number]);

  let current: TextBlock | undefined;
  let fence: string | undefined;
  let previousBlank = true;

  for (; index < lines.length; index++) {
    const line = lines[index];
    const lineNo = index + 1;
    if (fence) {
      if (line.text.trimStart().startsWith(fence)) fence = undefined;
      continue;
    }
    const fenceMatch = FENCE.exec(line.text);
    if (fenceMatch) {
      fence = fenceMatch[1];
      current = undefined;
      continue;
    }
    // Blank out comments before deciding what the line is.
    const removed = commentsIn(line.start, line.end);
    const visible = removed.length === 0 ? line.text : keepOutside(text, line.start, line.end, removed.slice()).text;
    if (isBlank(visible)) {
      if (removed.length === 0) {
        current = undefined;
        previousBlank = true;
      }
      continue;
    }
    if (previousBlank && /^( {4}|\t)/.test(line.text) && !(current && current.kind === 'list-item')) {
      continue; // indented code block
    }
    previousBlank = false;
    if (THEMATIC.test(line.text) || REFERENCE_DEFINITION.test(line.text)) {
      current = undefined;
      continue;
    }
    if (SETEXT.test(line.text) && current && current.kind === 'paragraph' && current.lines.length === 1) {
      current.kind = 'heading';
      current = undefined;
      continue;
    }

    let contentStart = line.start;
    let kind: TextBlock['kind'] = 'paragraph';
    let startsBlock = false;
    const quote = QUOTE.exec(line.text);
    if (quote) {
      contentStart += quote[0].length;
      kind = 'quote';
    }
    const rest = text.slice(contentStart, line.end);
    const heading = HEADING.exec(rest);
    const list = LIST_ITEM.exec(rest);
    const footnote = FOOTNOTE_DEFINITION.exec(rest);
    let contentEnd = line.end;
    if (heading) {
      contentStart += heading[0].length;
      const trailing = /[ \t]+#+[ \t]*$/.exec(text.slice(contentStart, contentEnd));
      if (trailing) contentEnd -= trailing[0].length;
      kind = 'heading';
      startsBlock = true;
    } else if (list) {
      contentStart += list[0].length;
      kind = 'list-item';
      startsBlock = true;
    } else if (footnote) {
      contentStart += footnote[0].length;
      startsBlock = true;
    }

    if (!heading && rest.includes('|') && (TABLE_SEPARATOR.test(lines[index + 1]?.text ?? '') || TABLE_SEPARATOR.test(lines[index - 1]?.text ?? '') || (current?.kind === 'table-cell'))) {
      if (TABLE_SEPARATOR.test(rest)) continue;
      current = undefined;
      for (const cell of tableCells(text, contentStart, contentEnd)) {
        const mapped = keepOutside(text, cell[0], cell[1], [...inlineRemovals(text.slice(cell[0], cell[1]), cell[0]), ...commentsIn(cell[0], cell[1])]);
        if (!isBlank(mapped.text)) blocks.push({ kind: 'table-cell', lines: [mapped], line: lineNo });
      }
      current = { kind: 'table-cell', lines: [], line: lineNo }; // marks that we are inside a table
      continue;
    }
    if (current?.kind === 'table-cell') current = undefined;

    const segment = text.slice(contentStart, contentEnd);
    const mapped = keepOutside(text, contentStart, contentEnd, [...inlineRemovals(segment, contentStart), ...commentsIn(contentStart, contentEnd)]);
    if (isBlank(mapped.text)) continue;
    if (startsBlock || !current || kind === 'heading' || (current.kind === 'heading')) {
      current = { kind, lines: [mapped], line: lineNo };
      blocks.push(current);
      if (kind === 'heading') current = undefined;
    } else {
      current.lines.push(mapped);
    }
  }
  return { blocks: blocks.filter((b) => b.lines.length > 0), comments, frontMatter };
}

function tableCells(text: string, start: number, end: number): Array<[number, number]> {
  const cells: Array<[number, number]> = [];
  let cellStart = start;
  for (let i = start; i <= end; i++) {
    if (i === end || (text[i] === '|' && text[i - 1] !== '\\')) {
      if (i > cellStart || i === end) cells.push([cellStart, i]);
      cellStart = i + 1;
    }
  }
  return cells.filter(([a, b]) => text.slice(a, b).trim().length > 0);
}
