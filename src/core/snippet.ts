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

/** cyrb53: a fast, well-distributed 53-bit string hash (public domain), stable across platforms. */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
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
