import { hash53 } from './hash';

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
  const spaced = /\s\s|[^\S ]/.test(text) ? text.replace(/\s+/g, ' ').trim() : text.trim();
  const normalised = /[^\x00-\x7f]/.test(spaced) ? spaced.normalize('NFC') : spaced;
  return 'cw-' + hash53(`${corpusPath}\u0000${normalised}`).toString(16).padStart(14, '0');
}
