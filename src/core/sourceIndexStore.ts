import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { SOURCE_INDEX_FORMAT, SourceIndexData } from './claims/aligner';
import { decodeColumnFile, encodeColumnFile } from './columnFile';

// The claim checker's source index beside the corpus index cache: analysing
// 100,000 sentences takes seconds, reading them back a few milliseconds.

interface StoredSourceIndex {
  /** The corpus index it was built for (`OpenedIndex.key`) and the source index format. */
  key: string;
  format: number;
  index: SourceIndexData;
}

/** Where the source index for a corpus index cache file lives. */
export function sourceIndexFile(cacheFile: string): string {
  return cacheFile.replace(/(\.bin)?$/, '.checker.bin');
}

/** The stored source index for the corpus index `key`; undefined when missing, stale or damaged. */
export function readSourceIndex(file: string, key: string): SourceIndexData | undefined {
  try {
    const stored = decodeColumnFile(readFileSync(file)) as unknown as StoredSourceIndex;
    return stored.key === key && stored.format === SOURCE_INDEX_FORMAT ? stored.index : undefined;
  } catch {
    return undefined;
  }
}

/** Stores a source index for the corpus index `key`; returns why it could not, if it could not. */
export function writeSourceIndex(file: string, key: string, index: SourceIndexData): string | undefined {
  try {
    const stored: StoredSourceIndex = { key, format: SOURCE_INDEX_FORMAT, index };
    const bytes = encodeColumnFile(stored as unknown as Record<string, unknown>, ['index']);
    mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, bytes);
    renameSync(temporary, file);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
