import { closeSync, existsSync, fstatSync, mkdirSync, openSync, read, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Corpus, LoadCorpusOptions, buildCorpus } from './corpus';
import { DEFAULT_READ_LIMITS, decodeText, listCorpusFolders } from './corpusFiles';
import { CachedFile, INDEX_FORMAT, StoredSnapshot, serializeSnapshot, statFile } from './indexCache';
import { contentHash, hash53 } from './hash';
import { EarlyWorker, SplitWorker } from './parallelIndex';
import { SnippetSearch } from './search';

export interface OpenIndexOptions extends LoadCorpusOptions {
  /** Where to keep the on-disk index (e.g. the extension's global storage); none = no cache. */
  cacheFile?: string;
}

/** A ready corpus and search, and whether they came from the cache. */
export interface OpenedIndex {
  corpus: Corpus;
  search: SnippetSearch;
  fromCache: boolean;
  /**
   * With a cache file: identifies this index's inputs (files' contents, folders,
   * limits, format), to key what is derived from it (the checker's source index).
   */
  key?: string;
  /** Why the cache could not be written, if it could not (the index itself is fine). */
  cacheError?: string;
}

function readText(file: string): string | undefined {
  try {
    return decodeText(readFileSync(file)).text;
  } catch {
    return undefined;
  }
}

/**
 * Reads a whole file in one request to libuv's thread pool, so that the copy
 * runs while this thread lists and stats the corpus; undefined when unreadable.
 */
function readWhole(file: string): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    let fd: number | undefined;
    const done = (bytes: Buffer | undefined) => {
      try {
        if (fd !== undefined) closeSync(fd);
      } catch {
        // the bytes are read; a failed close loses nothing
      }
      resolve(bytes);
    };
    try {
      fd = openSync(file, 'r');
      const opened = fd;
      const size = fstatSync(opened).size;
      const buffer = Buffer.allocUnsafeSlow(size);
      const next = (offset: number) => {
        if (offset === size) return done(buffer);
        try {
          read(opened, buffer, offset, size - offset, offset, (error, n) => (error ? done(undefined) : n === 0 ? done(buffer.subarray(0, offset)) : next(offset + n)));
        } catch {
          done(undefined);
        }
      };
      next(0);
    } catch {
      done(undefined);
    }
  });
}

/** The same for the same index format, sources and file contents (times do not count). */
function indexKey(sources: readonly string[], files: readonly CachedFile[]): string {
  const parts = [String(INDEX_FORMAT), ...sources];
  for (const f of files) parts.push(f.file, f.contentHash || `${f.size}/${f.mtimeMs}`);
  const text = parts.join('\u0000');
  return hash53(text).toString(36) + hash53(text, 1).toString(36);
}

/**
 * Opens the corpus index: from the on-disk cache when every corpus file is
 * unchanged (same size and time, or same contents), else by building it and
 * refreshing the cache. A missing, corrupt or stale cache just means a build.
 */
export async function openIndex(options: OpenIndexOptions): Promise<OpenedIndex> {
  // With no cache to load, a build is certain: a large corpus's worker starts up while the rest is listed (see SplitWorker).
  const early = options.parallel && !(options.cacheFile && existsSync(options.cacheFile)) ? SplitWorker.whenLarge() : undefined;
  try {
    return await openWith(options, early);
  } finally {
    early?.worker?.release();
  }
}

async function openWith(options: OpenIndexOptions, early: EarlyWorker | undefined): Promise<OpenedIndex> {
  const limits = { ...DEFAULT_READ_LIMITS, ...options.limits };
  const reading = options.cacheFile ? readWhole(options.cacheFile) : undefined;
  const listing = await listCorpusFolders(options.folders, limits, early?.listed);
  const sources = [path.resolve(options.taxonomyFile), ...options.folders.map((f) => path.resolve(f)), JSON.stringify(limits)];
  const current = [path.resolve(options.taxonomyFile), ...listing.files.map((f) => f.file)];
  // The listing's stats, taken before any file is read: a file that changes during a build then looks changed next time.
  const stats = options.cacheFile ? [statFile(current[0]), ...listing.files] : [];

  if (reading) {
    const bytes = await reading;
    const stored = bytes && StoredSnapshot.read(bytes);
    if (stored && stored.sources.join('\n') === sources.join('\n') && stored.isCurrent(current, stats, readText)) {
      const loaded = stored.load();
      if (loaded) {
        const search = new SnippetSearch(loaded.corpus.snippets, loaded.corpus.taxonomy, loaded.words);
        return { corpus: loaded.corpus, search, fromCache: true, key: stored.key };
      }
    }
  }

  const built = await buildCorpus(listing.files, listing.messages, options, options.cacheFile !== undefined, early?.worker);
  const search = new SnippetSearch(built.corpus.snippets, built.corpus.taxonomy, built.words);
  const opened: OpenedIndex = { corpus: built.corpus, search, fromCache: false };
  if (options.cacheFile) {
    try {
      const hashes = built.contentHashes;
      const baseText = readText(options.taxonomyFile);
      if (baseText !== undefined) hashes.set(path.resolve(options.taxonomyFile), contentHash(baseText));
      const files: CachedFile[] = [];
      current.forEach((file, i) => {
        const stat = stats[i];
        if (!stat) return;
        // Files that were skipped get no content hash: any change to them means a rebuild.
        files.push({ file, size: stat.size, mtimeMs: stat.mtimeMs, contentHash: hashes.get(file) ?? '' });
      });
      const key = indexKey(sources, files);
      opened.key = key;
      const bytes = serializeSnapshot({ format: INDEX_FORMAT, sources, key, files, corpus: built.corpus, words: search.wordIndex.toData() });
      mkdirSync(path.dirname(options.cacheFile), { recursive: true });
      const temporary = `${options.cacheFile}.${process.pid}.tmp`;
      writeFileSync(temporary, bytes);
      renameSync(temporary, options.cacheFile);
    } catch (error) {
      opened.cacheError = (error as Error).message;
    }
  }
  return opened;
}
