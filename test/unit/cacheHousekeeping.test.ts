import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pruneIndexCaches } from '../../src/core/cacheHousekeeping';

describe('index cache housekeeping', () => {
  let dir: string;
  const HOUR = 3600 * 1000;
  const now = Date.UTC(2026, 10, 21, 12);
  const name = (n: number) => `index-${String(n).padStart(16, '0')}.bin`;
  /** A file last used `hoursAgo` hours before `now`. */
  const file = (base: string, hoursAgo: number) => {
    const full = path.join(dir, base);
    writeFileSync(full, 'x');
    const t = (now - hoursAgo * HOUR) / 1000;
    utimesSync(full, t, t);
    return full;
  };

  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'cw-housekeeping-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the cache in use and the most recently used others, with their checker files', () => {
    // Six folder sets; set 1 is in use but was written longest ago; sets 2..6 used 1..5 hours ago.
    const current = file(name(1), 100);
    file(name(1).replace('.bin', '.checker.bin'), 100);
    for (let n = 2; n <= 6; n++) {
      file(name(n), n - 1);
      file(name(n).replace('.bin', '.checker.bin'), n - 1);
    }
    file('notes.txt', 500); // not ours
    mkdirSync(path.join(dir, name(7))); // a folder that happens to have a cache's name: not ours

    const removed = pruneIndexCaches(dir, current, 4, now).map((f) => path.basename(f)).sort();

    // Kept: set 1 (in use) and sets 2, 3, 4 (used 1, 2, 3 hours ago); removed: sets 5 and 6.
    assert.deepEqual(removed, [name(5), name(5).replace('.bin', '.checker.bin'), name(6), name(6).replace('.bin', '.checker.bin')].sort());
    assert.deepEqual(readdirSync(dir).sort(), [
      name(1).replace('.bin', '.checker.bin'),
      name(1),
      name(2).replace('.bin', '.checker.bin'),
      name(2),
      name(3).replace('.bin', '.checker.bin'),
      name(3),
      name(4).replace('.bin', '.checker.bin'),
      name(4),
      name(7),
      'notes.txt',
    ].sort());
    // The cache in use is marked as used now, so it outlives the others next time.
    assert.equal(statSync(current).mtimeMs, now);
  });

  it('removes stale temporary files and orphaned checker files, and nothing fresh', () => {
    const current = file(name(1), 0);
    file(`${name(2)}.1234.tmp`, 2); // an interrupted write two hours ago
    file(`${name(3)}.99.tmp`, 0.1); // a write that may still be going on
    file(name(4).replace('.bin', '.checker.bin'), 1); // its index is gone
    const removed = pruneIndexCaches(dir, current, 4, now).map((f) => path.basename(f)).sort();
    assert.deepEqual(removed, [`${name(2)}.1234.tmp`, name(4).replace('.bin', '.checker.bin')].sort());
    assert.ok(existsSync(path.join(dir, `${name(3)}.99.tmp`)));
    assert.ok(existsSync(current));
  });

  it('works when the cache in use was not written', () => {
    file(name(2), 1);
    assert.deepEqual(pruneIndexCaches(dir, path.join(dir, name(1)), 1, now).map((f) => path.basename(f)), [name(2)]);
  });
});
