import { readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import * as path from 'node:path';
import { sourceIndexFile } from './sourceIndexStore';

// Each set of corpus folders gets its own index cache in the extension's global storage
// (`index-<key>.bin`, with the checker's `index-<key>.checker.bin` beside it). Without
// housekeeping, every folder set ever opened would keep tens of megabytes there.

/** Index cache sets kept by default: the one in use and the most recently used others. */
export const KEPT_CACHE_SETS = 4;
/** A temporary file from an interrupted cache write is removed after this long. */
const STALE_TEMPORARY_MS = 60 * 60 * 1000;

const CACHE_NAME = /^index-[0-9a-f]{16}\.bin$/;
const CHECKER_NAME = /^(index-[0-9a-f]{16})\.checker\.bin$/;
const TEMPORARY_NAME = /^index-[0-9a-f]{16}(\.checker)?\.bin\.\d+\.tmp$/;

/**
 * Marks `current` (a cache file in `dir`) as just used, then removes the cache
 * sets beyond the `keep` most recently used, checker files whose index is
 * gone, and temporary files left by interrupted writes. Touches nothing else
 * in `dir`. Returns the files removed.
 */
export function pruneIndexCaches(dir: string, current: string, keep = KEPT_CACHE_SETS, now = Date.now()): string[] {
  const seconds = now / 1000;
  for (const file of [current, sourceIndexFile(current)]) {
    try {
      utimesSync(file, seconds, seconds);
    } catch {
      // not written (yet): nothing to mark
    }
  }
  const sets: Array<{ file: string; used: number }> = [];
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    const stat = statOf(file);
    if (!stat?.isFile()) continue;
    if (CACHE_NAME.test(name) && path.resolve(file) !== path.resolve(current)) sets.push({ file, used: stat.mtimeMs });
    else if (TEMPORARY_NAME.test(name) && now - stat.mtimeMs > STALE_TEMPORARY_MS && remove(file)) removed.push(file);
    else if (CHECKER_NAME.test(name) && !statOf(path.join(dir, `${CHECKER_NAME.exec(name)![1]}.bin`)) && remove(file)) removed.push(file); // its index is gone
  }
  sets.sort((a, b) => b.used - a.used || (a.file < b.file ? -1 : 1));
  for (const { file } of sets.slice(Math.max(0, keep - 1))) {
    for (const part of [file, sourceIndexFile(file)]) if (remove(part)) removed.push(part);
  }
  return removed;
}

function statOf(file: string) {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

function remove(file: string): boolean {
  try {
    rmSync(file);
    return true;
  } catch {
    return false;
  }
}
