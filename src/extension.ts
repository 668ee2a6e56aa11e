import * as vscode from 'vscode';
import { Finding } from './core/claims/finding';
import { SearchResult } from './core/search';
import { Snippet } from './core/snippet';
import { takeLongestBlock } from './extension/blocking';
import { registerCodeActions } from './extension/codeActions';
import { createCtx } from './extension/ctx';
import { CheckFunction, DiagnosticsManager } from './extension/diagnostics';
import { registerHovers } from './extension/hovers';
import { ProceduresProvider, registerProceduresView } from './extension/proceduresView';
import { quickPickItems, registerSearchCommand } from './extension/searchCommand';
import { registerSnippetCommands } from './extension/snippetActions';

/** What `activate` returns: for tests and other extensions. */
export interface ClinicalWriterApi {
  /** Ranked vetted snippets for a query (same syntax as the search command). */
  search(query: string, limit?: number): Promise<SearchResult[]>;
  /** Checks a document (or the file at a URI) now; resolves to its findings and publishes its diagnostics. */
  check(document: vscode.TextDocument | vscode.Uri): Promise<Finding[]>;
  /** Every vetted snippet in the current corpus. */
  snippets(): Promise<readonly Snippet[]>;
  /** Fires after the corpus is (re-)indexed. */
  readonly onDidChangeCorpus: vscode.Event<void>;
  /** Only when CLINICAL_WRITER_HOST_TESTS=1: internals for the host tests. */
  readonly testing?: TestingHooks;
}

export interface TestingHooks {
  proceduresProvider: ProceduresProvider;
  diagnostics: DiagnosticsManager;
  setChecker(check: CheckFunction | undefined): void;
  whenCorpusIdle(): Promise<void>;
  corpusState(): string;
  quickPickItems: typeof quickPickItems;
  /** The longest synchronous run of the extension's own work on this thread since the last call. */
  takeLongestBlock: typeof takeLongestBlock;
}

export function activate(context: vscode.ExtensionContext): ClinicalWriterApi {
  const ctx = createCtx(context);
  const diagnostics = new DiagnosticsManager(ctx);
  const view = registerProceduresView(ctx);
  context.subscriptions.push(
    diagnostics,
    ...view.disposables,
    ...registerSnippetCommands(ctx),
    ...registerSearchCommand(ctx),
    ...registerCodeActions(ctx, diagnostics),
    ...registerHovers(ctx, diagnostics),
  );
  void ctx.corpus.reload();
  ctx.output.info(`Clinical Writer ${context.extension.packageJSON.version} activated`);

  const ready = async () => {
    await ctx.corpus.whenIdle();
    return ctx.corpus.info;
  };
  const corpusChanged = new vscode.EventEmitter<void>();
  context.subscriptions.push(corpusChanged, ctx.corpus.onDidChange(() => corpusChanged.fire()));

  const api: ClinicalWriterApi = {
    async search(query, limit = 20) {
      return (await ready()) ? ctx.corpus.engine.request('search', { query: String(query), limit }) : [];
    },
    async check(target) {
      const document = target instanceof vscode.Uri ? await vscode.workspace.openTextDocument(target) : target;
      await ready();
      return (await diagnostics.checkDocument(document, { force: true }))?.findings ?? [];
    },
    async snippets() {
      return (await ready()) ? ctx.corpus.engine.request('snippets', {}) : [];
    },
    onDidChangeCorpus: corpusChanged.event,
  };
  if (process.env.CLINICAL_WRITER_HOST_TESTS === '1') {
    return {
      ...api,
      testing: {
        proceduresProvider: view.provider,
        diagnostics,
        setChecker: (check) => diagnostics.setChecker(check),
        whenCorpusIdle: () => ctx.corpus.whenIdle(),
        corpusState: () => ctx.corpus.state,
        quickPickItems,
        takeLongestBlock,
      },
    };
  }
  return api;
}

export function deactivate(): void {}
