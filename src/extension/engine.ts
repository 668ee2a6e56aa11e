// The engine as the worker runs it: the corpus, the search, the claim checker and
// everything derived from the snippets. No `vscode` here; src/extension/engineWorker.ts
// feeds it messages, and bench/stall.ts drives the same worker from plain Node.
import * as path from 'node:path';
import { pruneIndexCaches } from '../core/cacheHousekeeping';
import { driftFindings, withoutIgnoredLines } from '../core/citation';
import { ClaimChecker } from '../core/claims/checker';
import { Finding, FindingCode } from '../core/claims/finding';
import { Corpus } from '../core/corpus';
import { openIndex } from '../core/indexStore';
import { readSourceIndex, sourceIndexFile, writeSourceIndex } from '../core/sourceIndexStore';
import { ProcedureGroup, groupByProcedure, procedureSummary } from '../core/procedureIndex';
import { SnippetSearch } from '../core/search';
import { Snippet } from '../core/snippet';
import { CheckAnswer, CheckParams, CorpusInfo, EngineMethods, ExplainParams, LoadParams, LogLevel, ProcedureSummaryAnswer, SeverityLevel, TreeRoot, VerdictAnswer } from './engineProtocol';
import { explainSentence, normalise } from './verdict';

const RANK: Record<SeverityLevel, number> = { error: 0, warning: 1, information: 2, hint: 3, off: 4 };

interface Loaded {
  corpus: Corpus;
  search: SnippetSearch;
  /**
   * Made by `prepare` once no request waits, or by the first request that needs it: making it
   * takes seconds on a large corpus (a quarter of a second from its cache), and the tree and
   * search, answered from the corpus alone, need not wait for it.
   */
  checker?: ClaimChecker;
  /** Where the checker's source index is kept beside the index cache, and the key it must carry. */
  checkerStore?: { file: string; key: string };
  /** Whether the search has run its warm-up (see `prepare`). */
  searchWarm?: boolean;
  /** Snippets by id, made on first need. */
  byId?: Map<string, Snippet>;
  groups?: ProcedureGroup[];
  exact?: Map<string, Snippet>;
  summaries: Map<string, ProcedureSummaryAnswer | undefined>;
}

export class Engine {
  private loaded: Loaded | undefined;
  private generation = 0;

  constructor(
    private readonly progress: (message: string) => void = () => {},
    private readonly log: (level: LogLevel, message: string) => void = () => {},
  ) {}

  async load(params: LoadParams): Promise<CorpusInfo> {
    const started = Date.now();
    this.progress(`reading ${params.folders.length} corpus folder(s)`);
    const opened = await openIndex({
      folders: params.folders,
      taxonomyFile: params.taxonomyFile,
      limits: { maxFileBytes: params.maxFileBytes, maxFiles: params.maxFiles },
      cacheFile: params.cacheFile,
      // One thread: this worker already keeps indexing off the editor's thread. A second indexing
      // thread in the extension host's process made the host test's 100k indexing slower (12-25 s
      // against 8-12 s) and stalled the host's thread for 2-4 s in about a third of the runs.
      parallel: false,
    });
    const { corpus } = opened;
    if (params.cacheFile) {
      try {
        // Other folder sets' caches: keep the few most recently used, so storage does not grow forever.
        pruneIndexCaches(path.dirname(params.cacheFile), params.cacheFile);
      } catch {
        // housekeeping only
      }
    }
    // The search's warm-up and the claim checker come after the answer (see `prepare`).
    const checkerStore = params.cacheFile && opened.key ? { file: sourceIndexFile(params.cacheFile), key: opened.key } : undefined;
    this.loaded = { corpus, search: opened.search, checkerStore, summaries: new Map() };
    const perFolder = params.folders.map((folder) => {
      const docs = corpus.documents.filter((d) => d.folder === folder);
      return { folder, documents: docs.length, snippets: docs.reduce((n, d) => n + d.snippetCount, 0) };
    });
    return {
      generation: ++this.generation,
      folders: params.folders,
      snippetCount: corpus.snippets.length,
      documentCount: corpus.documents.length,
      perFolder,
      taxonomy: corpus.taxonomy,
      messages: corpus.messages,
      fromCache: opened.fromCache,
      cacheError: opened.cacheError,
      ms: Date.now() - started,
    };
  }

  /**
   * Does the next piece of what a load leaves for later, and returns whether there was one:
   * first the search's warm-up (the first searches of a session pay for compiling it: 12-46 ms
   * each at 100k sentences, 2-6 ms after), then the claim checker, its source index read from
   * the cache (or built, then stored there) and warmed up, so the writer's first check is not
   * the slow one. The worker calls this while no request waits, one piece at a time; a check or
   * hover that comes first makes the checker itself.
   */
  prepare(): boolean {
    const loaded = this.loaded;
    if (!loaded) return false;
    if (!loaded.searchWarm) {
      loaded.searchWarm = true;
      loaded.search.warmUp();
      return true;
    }
    if (loaded.checker) return false;
    this.checkerOf(loaded, true);
    return true;
  }

  private byId(loaded: Loaded): Map<string, Snippet> {
    return (loaded.byId ??= new Map(loaded.corpus.snippets.map((s) => [s.id, s])));
  }

  /**
   * The loaded corpus's claim checker, made now if need be. `warmUp`: with a throwaway check
   * that compiles the checking paths ahead of the writer's first check; not when a check waits
   * for it, which would only wait longer.
   */
  private checkerOf(loaded: Loaded, warmUp = false): ClaimChecker {
    if (loaded.checker) return loaded.checker;
    const started = Date.now();
    const store = loaded.checkerStore;
    const stored = store ? readSourceIndex(store.file, store.key) : undefined;
    const checker = new ClaimChecker(loaded.corpus, stored);
    if (warmUp) checker.warmUp();
    else checker.prepareIndex();
    loaded.checker = checker;
    const cacheError = store && !stored ? writeSourceIndex(store.file, store.key, checker.sourceIndexData()) : undefined;
    if (cacheError) this.log('warning', `claim checker's index cache not written: ${cacheError}`);
    this.log('info', `claim checker ready in ${Date.now() - started} ms${stored ? ' (from the on-disk index)' : ''}`);
    return checker;
  }

  search({ query, limit }: EngineMethods['search'][0]): EngineMethods['search'][1] {
    return this.loaded?.search.search(String(query), { limit }) ?? [];
  }

  /** The checker's findings plus snippet drift, minus ignored lines and 'off' kinds, most severe first up to the cap. */
  check(params: CheckParams): CheckAnswer | undefined {
    const started = Date.now();
    const loaded = this.loaded;
    if (!loaded) return { version: params.version, findings: [], omitted: 0, ms: 0 };
    const { text, format } = params;
    const own = params.override ?? this.checkerOf(loaded).check(text, format);
    const all = withoutIgnoredLines(text, [...own, ...driftFindings(text, (id) => this.byId(loaded).get(id))]);
    const level = (code: FindingCode, fallback: SeverityLevel): SeverityLevel => params.severity[code] ?? fallback;
    const shown = all.filter((f) => level(f.code, f.severity) !== 'off');
    let findings = shown;
    if (shown.length > params.maxFindings) {
      findings = shown
        .map((f, i) => ({ f, i }))
        .sort((a, b) => RANK[level(a.f.code, a.f.severity)] - RANK[level(b.f.code, b.f.severity)] || a.i - b.i)
        .slice(0, params.maxFindings)
        .sort((a, b) => a.i - b.i)
        .map((x) => x.f);
    }
    return { version: params.version, findings, omitted: shown.length - findings.length, ms: Date.now() - started };
  }

  explain(params: ExplainParams): VerdictAnswer | undefined {
    const loaded = this.loaded;
    if (!loaded) return undefined;
    return explainSentence(
      {
        checker: this.checkerOf(loaded),
        exactSnippet: (wanted) => {
          if (!loaded.exact) {
            loaded.exact = new Map();
            for (const s of loaded.corpus.snippets) {
              const key = normalise(s.text);
              if (!loaded.exact.has(key)) loaded.exact.set(key, s);
            }
          }
          return loaded.exact.get(wanted);
        },
      },
      params.findings,
      params.text,
      params.offset,
      params.format,
    );
  }

  snippet({ id }: { id: string }): Snippet | undefined {
    return this.loaded && this.byId(this.loaded).get(id);
  }

  snippets(): Snippet[] {
    return this.loaded?.corpus.snippets ?? [];
  }

  private groups(): ProcedureGroup[] {
    const loaded = this.loaded;
    if (!loaded) return [];
    loaded.groups ??= groupByProcedure(loaded.corpus.snippets, loaded.corpus.taxonomy);
    return loaded.groups;
  }

  treeRoots(): TreeRoot[] {
    return this.groups().map((g) => ({ id: g.id, label: g.label, count: g.count, topics: g.topics.map((t) => ({ id: t.id, label: t.label, count: t.snippets.length })) }));
  }

  treeSnippets({ procedure, topic, limit }: EngineMethods['treeSnippets'][0]): EngineMethods['treeSnippets'][1] {
    const list = this.groups().find((g) => g.id === procedure)?.topics.find((t) => t.id === topic)?.snippets ?? [];
    return { snippets: list.slice(0, limit), total: list.length };
  }

  procedureSummary({ id }: { id: string }): ProcedureSummaryAnswer | undefined {
    const loaded = this.loaded;
    if (!loaded) return undefined;
    if (!loaded.summaries.has(id)) loaded.summaries.set(id, procedureSummary(id, loaded.corpus.snippets, loaded.corpus.taxonomy));
    return loaded.summaries.get(id);
  }
}
