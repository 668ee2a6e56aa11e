import { createHash } from 'node:crypto';

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
  const normalised = text.normalize('NFC').replace(/\s+/g, ' ').trim();
  return 'cw-' + createHash('sha1').update(`${corpusPath}\u0000${normalised}`).digest('hex').slice(0, 12);
}
