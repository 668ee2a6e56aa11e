import { statSync } from 'node:fs';
import { decodeColumnFile, encodeColumnFile } from './columnFile';
import { Corpus } from './corpus';
import { contentHash } from './hash';
import { CorpusMessage } from './corpusFiles';
import { PackedDocuments, PackedFiles, PackedSnippets, filePaths, packDocuments, packFiles, packSnippets, unpackDocuments, unpackSnippets } from './snapshotColumns';
import { Taxonomy } from './taxonomy';
import { PackedWordIndex, WordIndex, WordIndexData, packWordIndex } from './wordIndex';

/** Bump when the index layout or the cleaning/tagging rules change: old caches are then ignored. */
export const INDEX_FORMAT = 9;

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
  /** Identifies the index's inputs (see OpenedIndex.key). */
  key: string;
  files: CachedFile[];
  corpus: Corpus;
  words: WordIndexData;
}

export interface FileStat {
  size: number;
  mtimeMs: number;
}

/** Stats a file for the cache record; undefined when it is gone. */
export function statFile(file: string): FileStat | undefined {
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
  key: string;
  files: PackedFiles;
  taxonomy: Taxonomy;
  documents: PackedDocuments;
  messages: CorpusMessage[];
  snippets: PackedSnippets;
  words: PackedWordIndex;
}

/** Serialises an index snapshot to bytes (a column file: the big typed arrays are read back in place). */
export function serializeSnapshot(snapshot: IndexSnapshot): Buffer {
  const { documents } = snapshot.corpus;
  const data: SerializedSnapshot = {
    format: snapshot.format,
    sources: snapshot.sources,
    key: snapshot.key,
    files: packFiles(snapshot.files, documents),
    taxonomy: snapshot.corpus.taxonomy,
    documents: packDocuments(documents),
    messages: snapshot.corpus.messages,
    snippets: packSnippets(snapshot.corpus.snippets, documents),
    words: packWordIndex(snapshot.words),
  };
  return encodeColumnFile(data as unknown as Record<string, unknown>, ['snippets', 'documents', 'files', 'words']);
}

/**
 * A snapshot read from bytes but not yet unpacked: whether it is current is
 * told from its file columns, so a stale one costs no snippet objects.
 */
export class StoredSnapshot {
  private constructor(
    private readonly data: SerializedSnapshot,
    private readonly paths: string[],
  ) {}

  /** The snapshot in `bytes`; undefined when they are not a snapshot of this format, or are damaged. */
  static read(bytes: Buffer): StoredSnapshot | undefined {
    try {
      const data = decodeColumnFile(bytes) as unknown as SerializedSnapshot;
      if (!data || data.format !== INDEX_FORMAT || typeof data.key !== 'string' || !Array.isArray(data.sources) || typeof data.files?.hashes !== 'string') return undefined;
      return new StoredSnapshot(data, filePaths(data.files, data.documents));
    } catch {
      return undefined;
    }
  }

  get sources(): readonly string[] {
    return this.data.sources;
  }

  get key(): string {
    return this.data.key;
  }

  /**
   * Whether the snapshot still matches the files on disk: the same files in the
   * same order, each either unchanged in size and time (`stats`, one per file)
   * or, if touched, unchanged in content.
   */
  isCurrent(currentFiles: readonly string[], stats: ReadonlyArray<FileStat | undefined>, readText: (file: string) => string | undefined): boolean {
    const { paths } = this;
    const { sizes, mtimes } = this.data.files;
    if (currentFiles.length !== paths.length || stats.length !== paths.length) return false;
    for (let i = 0; i < paths.length; i++) if (currentFiles[i] !== paths[i]) return false;
    let hashes: string[] | undefined;
    for (let i = 0; i < paths.length; i++) {
      const stat = stats[i];
      if (!stat) return false;
      if (stat.size === sizes[i] && stat.mtimeMs === mtimes[i]) continue;
      hashes ??= this.data.files.hashes.split('\n');
      const text = readText(paths[i]);
      if (text === undefined || !hashes[i] || contentHash(text) !== hashes[i]) return false;
    }
    return true;
  }

  /** The corpus and word index; undefined when the columns are damaged. */
  load(): { corpus: Corpus; words: WordIndex } | undefined {
    const { data } = this;
    try {
      const corpus: Corpus = { taxonomy: data.taxonomy, documents: unpackDocuments(data.documents), messages: data.messages, snippets: unpackSnippets(data.snippets, data.documents) };
      // The word index outlives the load: copy its columns out so the file buffer (mostly text, now strings) can go.
      const packed = data.words;
      const words = WordIndex.fromPacked({ ...packed, counts: packed.counts.slice(), ends: packed.ends.slice(), gaps: packed.gaps.slice() });
      if (words.documents !== corpus.snippets.length) return undefined;
      return { corpus, words };
    } catch {
      return undefined; // damaged columns: rebuild
    }
  }
}
