import * as path from 'node:path';
import * as vscode from 'vscode';
import { ClaimChecker } from '../core/claims/checker';
import { Corpus, loadCorpus } from '../core/corpus';
import { SnippetSearch } from '../core/search';
import { Snippet } from '../core/snippet';
import { Tagger } from '../core/taxonomy';
import { readSettings, SECTION } from './settings';

export type CorpusState = 'loading' | 'ready' | 'empty' | 'error';

/** One indexed corpus with everything derived from it; replaced as a whole on re-index. */
export interface CorpusSnapshot {
  corpus: Corpus;
  search: SnippetSearch;
  checker: ClaimChecker;
  tagger: Tagger;
  byId: Map<string, Snippet>;
  folders: string[];
  /** Increases with every re-index. */
  generation: number;
}

const RELOAD_DELAY_MS = 300;

/**
 * Loads the bundled corpus plus `clinicalWriter.corpus.paths`, watches those
 * folders and re-indexes on change, shows counts in the status bar and reports
 * unreadable files in the output channel.
 */
export class CorpusService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<CorpusSnapshot | undefined>();
  /** Fires after every (re-)index. */
  readonly onDidChange = this.changed.event;
  private readonly statusBar: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private watchers: vscode.Disposable[] = [];
  private current: CorpusSnapshot | undefined;
  private stateValue: CorpusState = 'loading';
  private running: Promise<void> | undefined;
  private pending = false;
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;
  private disposed = false;

  constructor(
    private readonly extensionPath: string,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.statusBar = vscode.window.createStatusBarItem('clinicalWriter.corpus', vscode.StatusBarAlignment.Right, 100);
    this.statusBar.name = 'Clinical Writer corpus';
    this.statusBar.command = 'clinicalWriter.showOutput';
    this.statusBar.text = '$(loading~spin) Clinical Writer';
    this.statusBar.show();
    this.disposables.push(
      this.statusBar,
      this.changed,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.corpus`)) this.scheduleReload(0);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.scheduleReload(0)),
    );
    void vscode.commands.executeCommand('setContext', 'clinicalWriter.corpusState', 'loading');
  }

  get snapshot(): CorpusSnapshot | undefined {
    return this.current;
  }

  get state(): CorpusState {
    return this.stateValue;
  }

  get bundledFolder(): string {
    return path.join(this.extensionPath, 'corpus');
  }

  /** Corpus folders in order: the bundled one (unless turned off), then the configured ones. */
  folders(): string[] {
    const settings = readSettings();
    const base = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const extra = settings.corpusPaths
      .map((p) => p.trim())
      .filter((p) => p.length > 0)
      .map((p) => (path.isAbsolute(p) ? p : base ? path.join(base, p) : undefined))
      .filter((p): p is string => p !== undefined);
    const all = settings.includeBundled ? [this.bundledFolder, ...extra] : extra;
    return [...new Set(all.map((p) => path.resolve(p)))];
  }

  /** Re-indexes now (or right after the run in progress); resolves when the corpus is current. */
  reload(): Promise<void> {
    if (this.running) {
      this.pending = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.pending = false;
          await this.indexOnce();
        } while (this.pending && !this.disposed);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** Resolves once no re-index is scheduled or running. */
  async whenIdle(): Promise<void> {
    while (this.running || this.timer) {
      if (this.running) await this.running;
      else await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  private scheduleReload(delay = RELOAD_DELAY_MS): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.reload();
    }, delay);
  }

  private watch(folders: string[]): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    for (const folder of folders) {
      if (folder === this.bundledFolder) continue; // shipped with the extension, read-only
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(folder), '**/*'));
      const onEvent = () => this.scheduleReload();
      this.watchers.push(watcher, watcher.onDidCreate(onEvent), watcher.onDidChange(onEvent), watcher.onDidDelete(onEvent));
    }
  }

  private async indexOnce(): Promise<void> {
    const settings = readSettings();
    const folders = this.folders();
    this.setState('loading');
    this.statusBar.text = '$(loading~spin) Clinical Writer';
    this.statusBar.tooltip = 'Indexing the vetted corpus…';
    this.watch(folders);
    const started = Date.now();
    try {
      const corpus = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'Clinical Writer: indexing the vetted corpus' },
        () =>
          loadCorpus({
            folders,
            taxonomyFile: path.join(this.bundledFolder, 'taxonomy.json'),
            limits: { maxFileBytes: settings.maxFileSize, maxFiles: settings.maxFiles },
          }),
      );
      if (this.disposed) return;
      for (const m of corpus.messages) {
        const line = `${m.file}: ${m.message}`;
        if (m.level === 'error') this.output.error(line);
        else if (m.level === 'warning') this.output.warn(line);
        else this.output.info(line);
      }
      const snapshot: CorpusSnapshot = {
        corpus,
        search: new SnippetSearch(corpus.snippets, corpus.taxonomy),
        checker: new ClaimChecker(corpus),
        tagger: new Tagger(corpus.taxonomy),
        byId: new Map(corpus.snippets.map((s) => [s.id, s])),
        folders,
        generation: ++this.generation,
      };
      this.current = snapshot;
      const folderErrors = corpus.messages.filter((m) => m.level === 'error');
      this.output.info(
        `indexed ${corpus.snippets.length} snippets from ${corpus.documents.length} documents in ${folders.length} folder(s) in ${Date.now() - started} ms`,
      );
      this.setState(corpus.snippets.length > 0 ? 'ready' : folderErrors.length > 0 ? 'error' : 'empty');
      this.updateStatusBar(snapshot, folderErrors.length);
    } catch (error) {
      this.output.error(`could not index the corpus: ${(error as Error).message}`);
      this.current = undefined;
      this.setState('error');
      this.statusBar.text = '$(error) Clinical Writer';
      this.statusBar.tooltip = 'The vetted corpus could not be read. Click for details.';
    }
    this.changed.fire(this.current);
  }

  private updateStatusBar(snapshot: CorpusSnapshot, errors: number): void {
    const { corpus } = snapshot;
    this.statusBar.text = `${errors ? '$(warning)' : '$(book)'} ${corpus.snippets.length} snippets`;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown('**Clinical Writer corpus**\n\n');
    for (const folder of snapshot.folders) {
      const docs = corpus.documents.filter((d) => d.folder === folder);
      const count = docs.reduce((n, d) => n + d.snippetCount, 0);
      tooltip.appendText(`${folder === this.bundledFolder ? 'bundled corpus' : folder}: ${docs.length} documents, ${count} snippets`);
      tooltip.appendMarkdown('\n\n');
    }
    if (errors) tooltip.appendText(`${errors} folder(s) could not be read; click for details.`);
    this.statusBar.tooltip = tooltip;
  }

  private setState(state: CorpusState): void {
    this.stateValue = state;
    void vscode.commands.executeCommand('setContext', 'clinicalWriter.corpusState', state);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers) w.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
