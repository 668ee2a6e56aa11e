import { promises as fs, readFileSync, statSync } from 'node:fs';
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

/** Reads listed files; unreadable, oversized, binary or non-UTF-8 ones are skipped with a message. */
export function readListedFiles(listed: readonly ListedFile[], limits: ReadLimits = DEFAULT_READ_LIMITS): { files: CorpusFile[]; taxonomyFiles: CorpusFile[]; messages: CorpusMessage[] } {
  const files: CorpusFile[] = [];
  const taxonomyFiles: CorpusFile[] = [];
  const messages: CorpusMessage[] = [];
  // Reading is synchronous on purpose: it is far cheaper per file than fs.promises,
  // and indexing runs in the CLI or in the extension's worker thread, never on the UI path.
  const readOne = (folder: string, file: string, into: CorpusFile[], fileMessages: CorpusMessage[]) => {
    let bytes: Buffer;
    try {
      const size = statSync(file).size;
      if (size > limits.maxFileBytes) {
        fileMessages.push({ file, level: 'warning', message: `skipped: ${size} bytes is over the ${limits.maxFileBytes}-byte limit` });
        return;
      }
      bytes = readFileSync(file);
    } catch (error) {
      fileMessages.push({ file, level: 'warning', message: `skipped: ${errorReason(error)}` });
      return;
    }
    const decoded = decodeText(bytes);
    if (decoded.text === undefined) {
      fileMessages.push({ file, level: 'warning', message: `skipped: ${decoded.reason}` });
      return;
    }
    into.push({ file, folder, corpusPath: path.relative(folder, file).split(path.sep).join('/'), text: decoded.text });
  };

  for (const { folder, file, kind } of listed) readOne(folder, file, kind === 'taxonomy' ? taxonomyFiles : files, messages);
  return { files, taxonomyFiles, messages };
}

/** Lists the corpus files under folders (recursively, sorted, bounded) without reading them. */
export async function listCorpusFolders(folders: readonly string[], limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<{ files: ListedFile[]; messages: CorpusMessage[] }> {
  const messages: CorpusMessage[] = [];
  const seenDirectories = new Set<string>();

  const pending: ListedFile[] = [];
  let documentCount = 0;

  const walk = async (folder: string, directory: string, depth: number): Promise<void> => {
    let real: string;
    try {
      real = await fs.realpath(directory);
    } catch (error) {
      messages.push({ file: directory, level: 'error', message: `cannot read folder: ${errorReason(error)}` });
      return;
    }
    if (seenDirectories.has(real)) {
      if (depth > 0) messages.push({ file: directory, level: 'info', message: 'skipped: folder already indexed (symbolic link loop or duplicate)' });
      return;
    }
    seenDirectories.add(real);
    let entries;
    try {
      entries = (await fs.readdir(directory, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (error) {
      messages.push({ file: directory, level: 'error', message: `cannot read folder: ${errorReason(error)}` });
      return;
    }
    for (const entry of entries) {
      const name = entry.name;
      const full = path.join(directory, name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const stat = await fs.stat(full);
          isDirectory = stat.isDirectory();
          isFile = stat.isFile();
        } catch (error) {
          messages.push({ file: full, level: 'warning', message: `skipped: ${errorReason(error)}` });
          continue;
        }
      }
      if (isDirectory) {
        if (name.startsWith('.') || SKIPPED_DIRECTORIES.has(name)) continue;
        if (depth + 1 > limits.maxDepth) {
          messages.push({ file: full, level: 'warning', message: `skipped: deeper than ${limits.maxDepth} folders` });
          continue;
        }
        await walk(folder, full, depth + 1);
        continue;
      }
      if (!isFile) continue;
      if (depth === 0 && name === TAXONOMY_FILE) {
        pending.push({ folder, file: full, kind: 'taxonomy' });
        continue;
      }
      if (name.startsWith('.')) continue;
      if (!sourceFormat(name)) {
        messages.push({ file: full, level: 'info', message: `skipped: not a .txt or .md document (${path.extname(name) || 'no extension'})` });
        continue;
      }
      if (documentCount >= limits.maxFiles) {
        messages.push({ file: full, level: 'warning', message: `skipped: over the ${limits.maxFiles}-document limit` });
        continue;
      }
      pending.push({ folder, file: full, kind: 'document' });
      documentCount++;
    }
  };

  for (const folder of folders) {
    const absolute = path.resolve(folder);
    try {
      const stat = await fs.stat(absolute);
      if (!stat.isDirectory()) {
        messages.push({ file: absolute, level: 'error', message: 'corpus path is not a folder' });
        continue;
      }
    } catch (error) {
      messages.push({ file: absolute, level: 'error', message: `corpus folder not found: ${errorReason(error)}` });
      continue;
    }
    await walk(absolute, absolute, 0);
  }

  return { files: pending, messages };
}
