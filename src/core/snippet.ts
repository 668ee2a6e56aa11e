import { hash53Pair } from './hash';
import { isWhitespace } from './words';

/** Where a vetted sentence sits in its source file (1-based; end is exclusive). */
export interface SnippetSource {
  /** Absolute path of the source file. */
  file: string;
  /** Path relative to its corpus folder, with forward slashes. */
  corpusPath: string;
  title: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** One vetted sentence from the corpus. */
export interface Snippet {
  id: string;
  text: string;
  procedures: string[];
  topics: string[];
  source: SnippetSource;
}

/**
 * A stable id from the corpus-relative path and the normalised text, so it is
 * the same on every machine and survives edits elsewhere in the file.
 */
export function snippetId(corpusPath: string, text: string): string {
  // One pass tells whether spacing needs normalising (/\s\s|[^\S ]/) and whether the text is all ASCII.
  let spacing = false;
  let ascii = true;
  for (let i = 0; i < text.length && !spacing; i++) {
    const code = text.charCodeAt(i);
    if (code > 32 && code < 127) continue;
    if (code === 32) spacing = i + 1 < text.length && isWhitespace(text.charCodeAt(i + 1));
    else if (isWhitespace(code)) spacing = true;
    else if (code > 127) ascii = false;
  }
  const spaced = spacing ? text.replace(/\s+/g, ' ').trim() : text.trim();
  // Without other whitespace to replace, trimming only drops spaces: the text's ASCII test holds for it.
  const normalised = (spacing ? /[^\x00-\x7f]/.test(spaced) : !ascii) ? spaced.normalize('NFC') : spaced;
  return 'cw-' + hash53Pair(corpusPath, normalised).toString(16).padStart(14, '0');
}
