import { statSync } from 'node:fs';
import { decodeColumnFile, encodeColumnFile } from './columnFile';
import { Corpus } from './corpus';
import { hash53 } from './hash';
import { CorpusMessage } from './corpusFiles';
import { PackedDocuments, PackedFiles, PackedSnippets, packDocuments, packFiles, packSnippets, unpackDocuments, unpackFiles, unpackSnippets } from './snapshotColumns';
import { Taxonomy } from './taxonomy';
import { WordIndexData } from './wordIndex';

/** Bump when the index layout or the cleaning/tagging rules change: old caches are then ignored. */
export const INDEX_FORMAT = 8;

/** A corpus file as the cache remembers it. */
export interface CachedFile {
  file: string;
  size: number;
  mtimeMs: number;
  /** Hash of the file's contents: the cache's real key. */
  contentHash: string;
}

/** Everything needed to answer searches and checks without re-reading the corpus. */
export interface IndexSnapshot {
  format: number;
  /** The folders and taxonomy file the index was built from. */
  sources: string[];
  files: CachedFile[];
  corpus: Corpus;
  words?: WordIndexData;
}

/** A fast hash of a file's contents (the length seeds it, so equal prefixes differ). */
export function contentHash(text: string): string {
  return hash53(text, text.length).toString(36);
}

/** Stats a file for the cache record; undefined when it is gone. */
export function statFile(file: string): { size: number; mtimeMs: number } | undefined {
  try {
    const stat = statSync(file);
    return { size: stat.size, mtimeMs: stat.mtimeMs };
  } catch {
    return undefined;
  }
}

interface SerializedSnapshot {
  format: number;
  sources: string[];
  files: PackedFiles;
  taxonomy: Taxonomy;
  documents: PackedDocuments;
  messages: CorpusMessage[];
  snippets: PackedSnippets;
  words?: WordIndexData;
}

/** Serialises an index snapshot to bytes (a column file: the big typed arrays are read back in place). */
export function serializeSnapshot(snapshot: IndexSnapshot): Buffer {
  const data: SerializedSnapshot = {
    format: snapshot.format,
    sources: snapshot.sources,
    files: packFiles(snapshot.files),
    taxonomy: snapshot.corpus.taxonomy,
    documents: packDocuments(snapshot.corpus.documents),
    messages: snapshot.corpus.messages,
    snippets: packSnippets(snapshot.corpus.snippets),
    words: snapshot.words,
  };
  return encodeColumnFile(data as unknown as Record<string, unknown>, ['snippets', 'documents', 'files', 'words']);
}

/** Reads a snapshot back; undefined when the bytes are not a snapshot of this format. */
export function deserializeSnapshot(bytes: Buffer): IndexSnapshot | undefined {
  let data: SerializedSnapshot;
  try {
    data = decodeColumnFile(bytes) as unknown as SerializedSnapshot;
  } catch {
    return undefined;
  }
  if (!data || data.format !== INDEX_FORMAT) return undefined;
  try {
    const corpus: Corpus = { taxonomy: data.taxonomy, documents: unpackDocuments(data.documents), messages: data.messages, snippets: unpackSnippets(data.snippets) };
    return { format: data.format, sources: data.sources, files: unpackFiles(data.files), corpus, words: data.words };
  } catch {
    return undefined; // damaged columns: rebuild
  }
}

/**
 * Whether a snapshot still matches the files on disk: the same files, and each
 * either unchanged in size and time or, if touched, unchanged in content.
 */
export function snapshotIsCurrent(snapshot: IndexSnapshot, currentFiles: readonly string[], readText: (file: string) => string | undefined): boolean {
  if (currentFiles.length !== snapshot.files.length) return false;
  const byFile = new Map(snapshot.files.map((f) => [f.file, f]));
  for (const file of currentFiles) {
    const cached = byFile.get(file);
    if (!cached) return false;
    const stat = statFile(file);
    if (!stat) return false;
    if (stat.size === cached.size && stat.mtimeMs === cached.mtimeMs) continue;
    const text = readText(file);
    if (text === undefined || contentHash(text) !== cached.contentHash) return false;
  }
  return true;
}
