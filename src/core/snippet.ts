import { hash53PairHex } from './hash';

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
  procedures: readonly string[];
  topics: readonly string[];
  source: SnippetSource;
}

// Anything that may need normalising: a character outside printable ASCII, two spaces, a space at either end.
const NOT_PLAIN = /[^\x21-\x7e ]| {2}|^ | $/;

/**
 * A stable id from the corpus-relative path and the normalised text, so it is
 * the same on every machine and survives edits elsewhere in the file.
 */
export function snippetId(corpusPath: string, text: string): string {
  // The usual sentence is plain already: one regex test, no copies (a loop over its characters cost twice the hash).
  const normalised = NOT_PLAIN.test(text) ? normalise(text) : text;
  return 'cw-' + hash53PairHex(corpusPath, normalised);
}

/** Whitespace runs to single spaces, trimmed, and Unicode NFC. */
function normalise(text: string): string {
  const spaced = /\s\s|[^\S ]|^ | $/.test(text) ? text.replace(/\s+/g, ' ').trim() : text;
  return /[^\x00-\x7f]/.test(spaced) ? spaced.normalize('NFC') : spaced;
}
