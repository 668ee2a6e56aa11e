import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { sourceIndexFile } from '../../src/core/sourceIndexStore';
import { Engine } from '../../src/extension/engine';
import { EngineClient } from '../../src/extension/engineClient';
import { CheckParams, LoadParams, nextRequest } from '../../src/extension/engineProtocol';
import { CORPUS_DIR, ROOT, TAXONOMY_FILE } from './helpers';

const load = (cacheFile?: string): LoadParams => ({ folders: [CORPUS_DIR], taxonomyFile: TAXONOMY_FILE, maxFileBytes: 5 * 1024 * 1024, maxFiles: 20000, cacheFile });
const check = (text: string, key = 'doc'): CheckParams => ({ key, version: 1, text, format: 'markdown', severity: {}, maxFindings: 1000 });
// Risk-free claims always disagree with the bundled corpus (checker.test.ts).
const SLIP = 'Spinal fusion is completely risk-free.';

/** Runs `prepare` until it has nothing left; returns how many pieces it did. */
function prepareAll(engine: Engine): number {
  let pieces = 0;
  while (engine.prepare()) pieces++;
  return pieces;
}

describe('engine: the claim checker comes after the corpus', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'cw-engine-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('answers a load before making the claim checker; prepare warms the search, then makes it, once', async () => {
    const logs: string[] = [];
    const engine = new Engine(undefined, (level, message) => logs.push(`${level}: ${message}`));
    const info = await engine.load(load());
    assert.ok(info.snippetCount > 100);
    assert.ok(engine.treeRoots().length > 0);
    assert.ok(engine.search({ query: 'fusoin', limit: 5 }).length > 0);
    assert.deepEqual(logs, [], 'the tree and search made no checker');
    assert.equal(engine.prepare(), true, "the search's warm-up");
    assert.deepEqual(logs, []);
    assert.equal(engine.prepare(), true, 'the checker');
    assert.equal(logs.length, 1);
    assert.match(logs[0], /^info: claim checker ready in \d+ ms$/);
    assert.equal(engine.prepare(), false, 'nothing left');
    assert.equal(logs.length, 1);
  });

  it('a check that comes before prepare makes the checker and answers as after it', async () => {
    const logs: string[] = [];
    const first = new Engine(undefined, (_, message) => logs.push(message));
    await first.load(load());
    const before = first.check(check(SLIP))!;
    assert.equal(logs.length, 1, 'the check made the checker');
    assert.equal(prepareAll(first), 1, "only the search's warm-up left");
    assert.equal(logs.length, 1);

    const second = new Engine();
    await second.load(load());
    assert.equal(prepareAll(second), 2);
    const after = second.check(check(SLIP))!;
    assert.ok(before.findings.length > 0);
    assert.deepEqual(before.findings, after.findings);
  });

  it("stores the checker's source index beside the index cache; the next load reads it back", async () => {
    const cacheFile = path.join(dir, 'index.bin');
    const logs: string[] = [];
    const first = new Engine(undefined, (_, message) => logs.push(message));
    await first.load(load(cacheFile));
    assert.equal(existsSync(sourceIndexFile(cacheFile)), false, 'not before the checker is made');
    prepareAll(first);
    assert.equal(existsSync(sourceIndexFile(cacheFile)), true);
    assert.doesNotMatch(logs[0], /from the on-disk index/);

    const second = new Engine(undefined, (_, message) => logs.push(message));
    assert.equal((await second.load(load(cacheFile))).fromCache, true);
    prepareAll(second);
    assert.match(logs[1], /^claim checker ready in \d+ ms \(from the on-disk index\)$/);
    assert.deepEqual(second.check(check(SLIP))!.findings, first.check(check(SLIP))!.findings);
  });
});

describe('engine worker: which request it answers next', () => {
  const queue = (...methods: Array<Parameters<typeof nextRequest>[0][number]['method']>) => methods.map((method) => ({ method }));

  it('the oldest, when nothing may go ahead of it', () => {
    assert.equal(nextRequest(queue('check', 'check')), 0);
    assert.equal(nextRequest(queue('search', 'check')), 0);
    assert.equal(nextRequest(queue('explain')), 0);
  });

  it('a request answered from the corpus alone, ahead of checks and hovers waiting before it', () => {
    assert.equal(nextRequest(queue('check', 'explain', 'treeRoots', 'search')), 2);
    assert.equal(nextRequest(queue('check', 'snippet')), 1);
  });

  it('never one past a load: what follows it is asked of the new corpus', () => {
    assert.equal(nextRequest(queue('check', 'load', 'search')), 0);
    assert.equal(nextRequest(queue('load', 'treeRoots')), 0);
  });
});

describe('engine worker: the tree does not wait for the claim checker', () => {
  it('answers the tree asked after a check before the check, which makes the checker', async () => {
    const events: string[] = [];
    const client = new EngineClient(path.join(ROOT, 'out', 'src', 'extension', 'engineWorker.js'), undefined, undefined, (_, message) => events.push(`log ${message.replace(/\d+ ms/, 'N ms')}`));
    // The worker does not keep the process alive by itself (the extension host does).
    const alive = setInterval(() => {}, 1000);
    try {
      // Sent together: both wait while the corpus loads, then the tree goes first.
      const loaded = client.request('load', load());
      const checked = client.check(check(SLIP)).then((answer) => events.push(`check ${answer?.findings.length ? 'with findings' : 'none'}`));
      const tree = client.request('treeRoots', {}).then((roots) => events.push(`tree ${roots.length > 0}`));
      await Promise.all([loaded, checked, tree]);
      assert.deepEqual(events, ['tree true', 'log claim checker ready in N ms', 'check with findings']);
    } finally {
      clearInterval(alive);
      client.dispose();
    }
  });
});
