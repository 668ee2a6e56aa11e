import { Stats, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { sourceFormat } from './sourceDocument';

/** A corpus file read into memory. */
export interface CorpusFile {
  /** Absolute path. */
  file: string;
  /** The corpus folder it was found in. */
  folder: string;
  /** Path relative to the folder, forward slashes. */
  corpusPath: string;
  text: string;
}

/** Something the loader could not use, said plainly and naming the file. */
export interface CorpusMessage {
  file: string;
  level: 'info' | 'warning' | 'error';
  message: string;
}

export interface ReadLimits {
  /** Files larger than this are skipped (bytes). */
  maxFileBytes: number;
  /** Stop collecting after this many documents. */
  maxFiles: number;
  /** Do not descend deeper than this. */
  maxDepth: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = { maxFileBytes: 5 * 1024 * 1024, maxFiles: 20_000, maxDepth: 16 };

export const TAXONOMY_FILE = 'taxonomy.json';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn']);

/** Decodes a file's bytes; undefined with a reason when they are not text. */
export function decodeText(bytes: Uint8Array): { text?: string; reason?: string } {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return { reason: 'binary file (contains NUL bytes)' };
  try {
    // TextDecoder drops a UTF-8 BOM, which editors do not count as a column either.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { reason: 'not valid UTF-8 text' };
  }
}

function errorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'file vanished while indexing';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'symbolic link loop';
  return (error as Error).message;
}

/** A file found in a corpus folder, not yet read. */
export interface ListedFile {
  folder: string;
  file: string;
  kind: 'document' | 'taxonomy';
  /** Its size and time when listed (the listing stats every file once; the index cache keys on these). */
  size: number;
  mtimeMs: number;
}

/**
 * Reads the documents (.txt, .md) under corpus folders, recursively and in a
 * stable order. Everything else is skipped with a message naming the file.
 */
export async function readCorpusFolders(
  folders: readonly string[],
  limits: ReadLimits = DEFAULT_READ_LIMITS,
): Promise<{ files: CorpusFile[]; taxonomyFiles: CorpusFile[]; messages: CorpusMessage[] }> {
  const listing = await listCorpusFolders(folders, limits);
  const read = readListedFiles(listing.files, limits);
  return { ...read, messages: [...listing.messages, ...read.messages] };
}

/** A listed file read: its text, or why it was skipped. */
export type ReadResult = { file: CorpusFile; message?: undefined } | { file?: undefined; message: CorpusMessage };

/** Reads one listed file; an unreadable, oversized, binary or non-UTF-8 one gives a message instead. */
export function readListedFile({ folder, file, size: listedSize }: Pick<ListedFile, 'folder' | 'file'> & { size?: number }, limits: ReadLimits = DEFAULT_READ_LIMITS): ReadResult {
  // Reading is synchronous on purpose: it is far cheaper per file than fs.promises,
  // and indexing runs in the CLI or in the extension's worker thread, never on the UI path.
  let bytes: Buffer;
  try {
    const size = listedSize ?? statSync(file).size;
    if (size > limits.maxFileBytes) return { message: { file, level: 'warning', message: `skipped: ${size} bytes is over the ${limits.maxFileBytes}-byte limit` } };
    bytes = readFileSync(file);
  } catch (error) {
    return { message: { file, level: 'warning', message: `skipped: ${errorReason(error)}` } };
  }
  const decoded = decodeText(bytes);
  if (decoded.text === undefined) return { message: { file, level: 'warning', message: `skipped: ${decoded.reason}` } };
  return { file: { file, folder, corpusPath: corpusPathOf(folder, file), text: decoded.text } };
}

/**
 * A file's path relative to its corpus folder, with forward slashes. Listed
 * files are their folder's resolved path, a separator and the rest, so that
 * rest is cut off as it is (path.relative resolves both paths again, which cost
 * a 4,000-document build about 25 ms); anything else goes through path.relative.
 */
function corpusPathOf(folder: string, file: string): string {
  const prefix = folder.endsWith(path.sep) ? folder : folder + path.sep;
  const rest = file.startsWith(prefix) ? file.slice(prefix.length) : '';
  // The cut is what path.relative gives unless the rest has segments it would normalise away (".", "..", empty).
  const relative = rest && !UNNORMAL_SEGMENT.test(rest) ? rest : path.relative(folder, file);
  return path.sep === '/' ? relative : relative.split(path.sep).join('/');
}

const UNNORMAL_SEGMENT = /(^|[\\/])\.{0,2}([\\/]|$)/;

/** Reads listed files; unreadable, oversized, binary or non-UTF-8 ones are skipped with a message. */
export function readListedFiles(listed: readonly ListedFile[], limits: ReadLimits = DEFAULT_READ_LIMITS): { files: CorpusFile[]; taxonomyFiles: CorpusFile[]; messages: CorpusMessage[] } {
  const files: CorpusFile[] = [];
  const taxonomyFiles: CorpusFile[] = [];
  const messages: CorpusMessage[] = [];
  for (const entry of listed) {
    const read = readListedFile(entry, limits);
    if (read.file) (entry.kind === 'taxonomy' ? taxonomyFiles : files).push(read.file);
    else messages.push(read.message);
  }
  return { files, taxonomyFiles, messages };
}

/**
 * Lists the corpus files under folders (recursively, sorted, bounded) without
 * reading them; `onDocument` hears of each document's size as it is listed.
 */
export async function listCorpusFolders(
  folders: readonly string[],
  limits: ReadLimits = DEFAULT_READ_LIMITS,
  onDocument?: (size: number) => void,
): Promise<{ files: ListedFile[]; messages: CorpusMessage[] }> {
  const messages: CorpusMessage[] = [];
  const seenDirectories = new Set<string>();

  const pending: ListedFile[] = [];
  let documentCount = 0;

  // Synchronous on purpose, like reading: a warm start lists thousands of files, and
  // the promise API cost several times the system calls (this runs in a worker or the CLI).
  // Every entry is stat-ed once, which tells files from folders (following links) and
  // gives the size and time the index cache needs, so nothing is stat-ed twice.
  const walk = (folder: string, directory: string, depth: number): void => {
    let real: string;
    try {
      real = realpathSync.native(directory);
    } catch (error) {
      messages.push({ file: directory, level: 'error', message: `cannot read folder: ${errorReason(error)}` });
      return;
    }
    if (seenDirectories.has(real)) {
      if (depth > 0) messages.push({ file: directory, level: 'info', message: 'skipped: folder already indexed (symbolic link loop or duplicate)' });
      return;
    }
    seenDirectories.add(real);
    let names: string[];
    try {
      names = readdirSync(directory).sort(); // UTF-16 code unit order
    } catch (error) {
      messages.push({ file: directory, level: 'error', message: `cannot read folder: ${errorReason(error)}` });
      return;
    }
    // `directory` is absolute and normalised and names hold no separator, so
    // concatenation is path.join without its normalising pass over every name.
    const prefix = directory.endsWith(path.sep) ? directory : directory + path.sep;
    for (const name of names) {
      if (name.startsWith('.')) continue; // hidden files and folders
      const full = prefix + name;
      let stat: Stats;
      try {
        stat = statSync(full);
      } catch (error) {
        messages.push({ file: full, level: 'warning', message: `skipped: ${errorReason(error)}` });
        continue;
      }
      if (stat.isDirectory()) {
        if (SKIPPED_DIRECTORIES.has(name)) continue;
        if (depth + 1 > limits.maxDepth) {
          messages.push({ file: full, level: 'warning', message: `skipped: deeper than ${limits.maxDepth} folders` });
          continue;
        }
        walk(folder, full, depth + 1);
        continue;
      }
      if (!stat.isFile()) continue;
      if (depth === 0 && name === TAXONOMY_FILE) {
        pending.push({ folder, file: full, kind: 'taxonomy', size: stat.size, mtimeMs: stat.mtimeMs });
        continue;
      }
      if (!sourceFormat(name)) {
        messages.push({ file: full, level: 'info', message: `skipped: not a .txt or .md document (${path.extname(name) || 'no extension'})` });
        continue;
      }
      if (documentCount >= limits.maxFiles) {
        messages.push({ file: full, level: 'warning', message: `skipped: over the ${limits.maxFiles}-document limit` });
        continue;
      }
      pending.push({ folder, file: full, kind: 'document', size: stat.size, mtimeMs: stat.mtimeMs });
      documentCount++;
      onDocument?.(stat.size);
    }
  };

  for (const folder of folders) {
    const absolute = path.resolve(folder);
    try {
      const stat = statSync(absolute);
      if (!stat.isDirectory()) {
        messages.push({ file: absolute, level: 'error', message: 'corpus path is not a folder' });
        continue;
      }
    } catch (error) {
      messages.push({ file: absolute, level: 'error', message: `corpus folder not found: ${errorReason(error)}` });
      continue;
    }
    walk(absolute, absolute, 0);
  }

  return { files: pending, messages };
}
