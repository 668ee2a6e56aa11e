/**
 * `npm run bench:stall`: the longest event-loop stall on the thread that would be the
 * extension host's, while indexing a synthetic corpus and while checking a 5 MB Markdown
 * document, two ways in one run:
 *   - in-process: the engine on the calling thread (how the extension worked before the worker);
 *   - worker: the engine in dist/engineWorker.js, driven by EngineClient (how it works now).
 * Then a warm start in a new worker: when the load, the tree, a search and the first check are answered.
 * Options: --sentences N (default 100000), --doc-mb N (default 5), --skip-inprocess, --json.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import * as path from 'node:path';
import { ClaimChecker } from '../src/core/claims/checker';
import { loadCorpus } from '../src/core/corpus';
import { openIndex } from '../src/core/indexStore';
import { EngineClient } from '../src/extension/engineClient';
import { makeLeaflet } from './leaflet';
import { longestStall } from './stallProbe';
import { writeSyntheticCorpus } from './syntheticCorpus';

const ROOT = path.resolve(__dirname, '..', '..');
const CORPUS = path.join(ROOT, 'corpus');
const TAXONOMY = path.join(CORPUS, 'taxonomy.json');
const WORKER = path.join(ROOT, 'dist', 'engineWorker.js');

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const r = (n: number) => Math.round(n);

async function main(): Promise<void> {
  const sentences = option('sentences', 100_000);
  const docMb = option('doc-mb', 5);
  const json = process.argv.includes('--json');
  const log = (line: string) => {
    if (!json) console.log(line);
  };
  const work = mkdtempSync(path.join(tmpdir(), 'cw-stall-'));
  try {
    const seed = await loadCorpus({ folders: [CORPUS], taxonomyFile: TAXONOMY });
    const corpusDir = path.join(work, 'corpus');
    writeSyntheticCorpus(corpusDir, seed.snippets, sentences);
    let doc = '';
    for (let s = 1; doc.length < docMb * 1024 * 1024; s++) doc += makeLeaflet(seed.snippets, 1000, s) + '\n';
    log(`Longest event-loop stall, ${sentences} corpus sentences, ${(doc.length / 1048576).toFixed(1)} MB Markdown document (${cpus().length} × ${cpus()[0]?.model ?? 'CPU'})`);

    const out: Record<string, unknown> = { sentences, document_chars: doc.length };
    if (!process.argv.includes('--skip-inprocess')) {
      const index = await longestStall(async () => {
        const opened = await openIndex({ folders: [corpusDir], taxonomyFile: TAXONOMY });
        const checker = new ClaimChecker(opened.corpus);
        checker.check('Warm-up.', 'text');
        return checker;
      });
      const check = await longestStall(async () => index.value.check(doc, 'markdown').length);
      out.in_process = { index: { max_stall_ms: r(index.maxStallMs), total_ms: r(index.ms) }, check: { max_stall_ms: r(check.maxStallMs), total_ms: r(check.ms), findings: check.value } };
      log(`in-process  index: longest stall ${r(index.maxStallMs)} ms (of ${r(index.ms)} ms)   check: longest stall ${r(check.maxStallMs)} ms (of ${r(check.ms)} ms)`);
    }

    const client = new EngineClient(WORKER);
    try {
      const cacheFile = path.join(work, 'index.bin');
      const load = (cache?: string) => client.request('load', { folders: [corpusDir], taxonomyFile: TAXONOMY, maxFileBytes: 5 * 1024 * 1024, maxFiles: 20000, cacheFile: cache });
      const cold = await longestStall(() => load(cacheFile));
      const warm = await longestStall(() => load(cacheFile));
      const check = await longestStall(() => client.check({ key: 'doc', version: 1, text: doc, format: 'markdown', severity: {}, maxFindings: 1000 }));
      const search = await longestStall(() => client.request('search', { query: 'fusoin infecton', limit: 50 }));
      out.worker = {
        index_cold: { max_stall_ms: r(cold.maxStallMs), total_ms: r(cold.ms), snippets: cold.value.snippetCount },
        index_warm: { max_stall_ms: r(warm.maxStallMs), total_ms: r(warm.ms), from_cache: warm.value.fromCache },
        check: { max_stall_ms: r(check.maxStallMs), total_ms: r(check.ms), findings: check.value?.findings.length, omitted: check.value?.omitted },
        search: { max_stall_ms: r(search.maxStallMs), total_ms: r(search.ms) },
      };
      log(`worker      index cold: longest stall ${r(cold.maxStallMs)} ms (of ${r(cold.ms)} ms, ${cold.value.snippetCount} snippets)   warm (cache ${warm.value.fromCache}): ${r(warm.maxStallMs)} ms (of ${r(warm.ms)} ms)`);
      log(`worker      check: longest stall ${r(check.maxStallMs)} ms (of ${r(check.ms)} ms, ${check.value?.findings.length} findings + ${check.value?.omitted} over the cap)   search: ${r(search.maxStallMs)} ms (of ${r(search.ms)} ms)`);
    } finally {
      client.dispose();
    }

    // A warm start as the editor makes one: a new worker, the caches on disk; as soon as the load
    // is answered, the tree, a search and a check of a short leaflet are asked for together.
    const fresh = new EngineClient(WORKER);
    try {
      const leaflet = makeLeaflet(seed.snippets, 50, 3);
      const startup = await longestStall(async () => {
        const started = performance.now();
        const since = () => Math.round(performance.now() - started);
        await fresh.request('load', { folders: [corpusDir], taxonomyFile: TAXONOMY, maxFileBytes: 5 * 1024 * 1024, maxFiles: 20000, cacheFile: path.join(work, 'index.bin') });
        const loadMs = since();
        const [treeMs, searchMs, checkMs] = await Promise.all([
          fresh.request('treeRoots', {}).then(since),
          fresh.request('search', { query: 'fusoin infecton', limit: 50 }).then(since),
          fresh.check({ key: 'leaflet', version: 1, text: leaflet, format: 'markdown', severity: {}, maxFindings: 1000 }).then(since),
        ]);
        return { load_ms: loadMs, tree_ms: treeMs, search_ms: searchMs, first_check_ms: checkMs };
      });
      out.warm_start = { ...startup.value, max_stall_ms: r(startup.maxStallMs) };
      log(`warm start  new worker: load answered after ${startup.value.load_ms} ms, tree ${startup.value.tree_ms} ms, search ${startup.value.search_ms} ms, first check (50 sentences) ${startup.value.first_check_ms} ms; longest stall ${r(startup.maxStallMs)} ms`);
    } finally {
      fresh.dispose();
    }
    if (json) console.log(JSON.stringify(out));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
