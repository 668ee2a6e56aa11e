// Messages between the extension host and the engine worker (src/extension/engineWorker.ts).
// Small on purpose: the extension host deserialises every answer, so nothing here carries
// the whole corpus except the explicit `snippets` request.
import type { DocumentFormat } from '../core/claims/checker';
import type { Finding, FindingCode, FindingSource } from '../core/claims/finding';
import type { CorpusMessage } from '../core/corpusFiles';
import type { SearchResult } from '../core/search';
import type { Snippet } from '../core/snippet';
import type { Taxonomy } from '../core/taxonomy';
import type { SentenceVerdict } from './verdict';

export interface LoadParams {
  folders: string[];
  taxonomyFile: string;
  maxFileBytes: number;
  maxFiles: number;
  /** On-disk index cache (global storage); none = always build. */
  cacheFile?: string;
}

/** What the extension host keeps about an indexed corpus (no snippets). */
export interface CorpusInfo {
  generation: number;
  folders: string[];
  snippetCount: number;
  documentCount: number;
  /** Per folder: documents and snippets, for the status bar. */
  perFolder: Array<{ folder: string; documents: number; snippets: number }>;
  taxonomy: Taxonomy;
  messages: CorpusMessage[];
  fromCache: boolean;
  cacheError?: string;
  /** Milliseconds the worker spent opening the index. */
  ms: number;
}

export interface TreeRoot {
  id: string;
  label: string;
  count: number;
  topics: Array<{ id: string; label: string; count: number }>;
}

export type SeverityLevel = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface CheckParams {
  key: string;
  version: number;
  text: string;
  format: DocumentFormat;
  /** Configured severity per kind: 'off' kinds are dropped, the rest ranked for the cap. */
  severity: Partial<Record<FindingCode, SeverityLevel>>;
  /** Findings from a stand-in checker (host tests): used instead of the claim checker's. */
  override?: Finding[];
  /** Most findings returned (VS Code shows at most 1000 per file). */
  maxFindings: number;
}

export interface CheckAnswer {
  version: number;
  findings: Finding[];
  /** Findings left out by the cap. */
  omitted: number;
  ms: number;
}

export interface ExplainParams {
  /** The text (or, for a large document, a window of it starting at a line start). */
  text: string;
  /** Offset of the hovered position in `text`. */
  offset: number;
  format: DocumentFormat;
  /** The document's findings, in `text`'s coordinates. */
  findings: Finding[];
}

/** The hover's verdict for one sentence (the shape is owned by verdict.ts). */
export type VerdictAnswer = SentenceVerdict;

export interface ProcedureSummaryAnswer {
  id: string;
  label: string;
  definition?: Snippet;
  snippetCount: number;
  counts: Record<string, number>;
}

/** Request name → [params, result]. */
export interface EngineMethods {
  load: [LoadParams, CorpusInfo];
  search: [{ query: string; limit: number }, SearchResult[]];
  check: [CheckParams, CheckAnswer | undefined];
  explain: [ExplainParams, VerdictAnswer | undefined];
  snippet: [{ id: string }, Snippet | undefined];
  snippets: [Record<string, never>, Snippet[]];
  treeRoots: [Record<string, never>, TreeRoot[]];
  treeSnippets: [{ procedure: string; topic: string; limit: number }, { snippets: Snippet[]; total: number }];
  procedureSummary: [{ id: string }, ProcedureSummaryAnswer | undefined];
}

export type EngineMethod = keyof EngineMethods;

export interface EngineRequest<M extends EngineMethod = EngineMethod> {
  id: number;
  method: M;
  params: EngineMethods[M][0];
}

export type EngineMessage =
  | { kind: 'result'; id: number; result: unknown }
  | { kind: 'error'; id: number; message: string }
  | { kind: 'progress'; message: string }
  /** A line for the output channel: what the worker did between requests. */
  | { kind: 'log'; level: LogLevel; message: string };

/** How the output channel shows a worker's `log` line. */
export type LogLevel = 'info' | 'warning';

/** Requests answered from the claim checker, which a newly loaded corpus makes on first need. */
const CHECKER_METHODS: ReadonlySet<EngineMethod> = new Set<EngineMethod>(['check', 'explain']);

/**
 * Which waiting request to answer next: the first one answered from the corpus alone (search,
 * tree, snippets) ahead of checks and hovers waiting before it, so a check that makes the
 * claim checker (seconds on a large corpus) or runs long does not hold the tree and search
 * back; otherwise the oldest. Never past a load: what comes after one is asked of the new corpus.
 */
export function nextRequest(queue: readonly Pick<EngineRequest, 'method'>[]): number {
  for (let i = 0; i < queue.length; i++) {
    const method = queue[i].method;
    if (method === 'load') return 0;
    if (!CHECKER_METHODS.has(method)) return i;
  }
  return 0;
}
