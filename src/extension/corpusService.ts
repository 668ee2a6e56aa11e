import { createHash } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { timed } from './blocking';
import { VIEW_ID } from './ctx';
import { EngineClient } from './engineClient';
import { CorpusInfo } from './engineProtocol';
import { readSettings, SECTION } from './settings';

export type CorpusState = 'loading' | 'ready' | 'empty' | 'error';

const RELOAD_DELAY_MS = 300;

/**
 * Loads the bundled corpus plus `clinicalWriter.corpus.paths` in the engine worker
 * (never on the extension host's thread), watches those folders and re-indexes on
 * change, shows progress and counts, and reports unreadable files in the output channel.
 */
export class CorpusService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<CorpusInfo | undefined>();
  /** Fires after every (re-)index. */
  readonly onDidChange = this.changed.event;
  private readonly statusBar: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private watchers: vscode.Disposable[] = [];
  private current: CorpusInfo | undefined;
  /** The worker that owns the corpus, the search and the checker. */
  readonly engine: EngineClient;
  private progressReporters: Array<vscode.Progress<{ message?: string }>> = [];
  private stateValue: CorpusState = 'loading';
  private running: Promise<void> | undefined;
  private pending = false;
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;
  private disposed = false;

  constructor(
    private readonly extensionPath: string,
    private readonly output: vscode.LogOutputChannel,
    private readonly storageDir?: string,
  ) {
    this.engine = new EngineClient(
      path.join(extensionPath, 'dist', 'engineWorker.js'),
      (message) => this.reportProgress(message),
      (message) => {
        this.output.error(message);
        if (!this.disposed) this.scheduleReload(1000); // a new worker re-indexes
      },
      (level, message) => (level === 'warning' ? this.output.warn(message) : this.output.info(message)),
    );
    this.statusBar = vscode.window.createStatusBarItem('clinicalWriter.corpus', vscode.StatusBarAlignment.Right, 100);
    this.statusBar.name = 'Clinical Writer corpus';
    this.statusBar.command = 'clinicalWriter.showOutput';
    this.statusBar.text = '$(loading~spin) Clinical Writer';
    this.statusBar.show();
    this.disposables.push(
      this.statusBar,
      this.changed,
      this.engine,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.corpus`)) this.scheduleReload(0);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.scheduleReload(0)),
      // Workspace corpus folders are restricted settings: they apply once the folder is trusted.
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.scheduleReload(0)),
    );
    void vscode.commands.executeCommand('setContext', 'clinicalWriter.corpusState', 'loading');
  }

  /** The indexed corpus (counts, folders, taxonomy), or undefined before the first index. */
  get info(): CorpusInfo | undefined {
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

  private reportProgress(message: string): void {
    for (const p of this.progressReporters) p.report({ message });
    this.statusBar.tooltip = `Indexing the vetted corpus: ${message}`;
  }

  /** The on-disk index for this set of folders and limits, in the extension's global storage. */
  private cacheFile(folders: string[], limits: string): string | undefined {
    if (!this.storageDir) return undefined;
    const key = createHash('sha256').update(JSON.stringify([folders, limits])).digest('hex').slice(0, 16);
    return path.join(this.storageDir, `index-${key}.bin`);
  }

  private async indexOnce(): Promise<void> {
    const settings = readSettings();
    const folders = this.folders();
    this.setState('loading');
    this.statusBar.text = '$(loading~spin) Clinical Writer';
    this.statusBar.tooltip = 'Indexing the vetted corpus…';
    this.watch(folders);
    try {
      const info = await vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () =>
        vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Clinical Writer: indexing the vetted corpus' }, async (progress) => {
          this.progressReporters.push(progress);
          try {
            return await this.engine.request('load', {
              folders,
              taxonomyFile: path.join(this.bundledFolder, 'taxonomy.json'),
              maxFileBytes: settings.maxFileSize,
              maxFiles: settings.maxFiles,
              cacheFile: this.cacheFile(folders, `${settings.maxFileSize}/${settings.maxFiles}`),
            });
          } finally {
            this.progressReporters = this.progressReporters.filter((p) => p !== progress);
          }
        }),
      );
      if (this.disposed) return;
      timed('log corpus messages', () => this.logMessages(info.messages));
      if (info.cacheError) this.output.warn(`index cache not written: ${info.cacheError}`);
      info.generation = ++this.generation;
      this.current = info;
      const folderErrors = info.messages.filter((m) => m.level === 'error');
      this.output.info(
        `indexed ${info.snippetCount} snippets from ${info.documentCount} documents in ${folders.length} folder(s) in ${info.ms} ms${info.fromCache ? ' (from the on-disk index)' : ''}`,
      );
      this.setState(info.snippetCount > 0 ? 'ready' : folderErrors.length > 0 ? 'error' : 'empty');
      this.updateStatusBar(info, folderErrors.length);
    } catch (error) {
      if (this.disposed) return;
      this.output.error(`could not index the corpus: ${(error as Error).message}`);
      this.current = undefined;
      this.setState('error');
      this.statusBar.text = '$(error) Clinical Writer';
      this.statusBar.tooltip = 'The vetted corpus could not be read. Click for details.';
    }
    timed('corpus change listeners', () => this.changed.fire(this.current));
  }

  private logMessages(messages: CorpusInfo['messages']): void {
    for (const m of messages) {
      const line = `${m.file}: ${m.message}`;
      if (m.level === 'error') this.output.error(line);
      else if (m.level === 'warning') this.output.warn(line);
      else this.output.info(line);
    }
  }

  private updateStatusBar(info: CorpusInfo, errors: number): void {
    this.statusBar.text = `${errors ? '$(warning)' : '$(book)'} ${info.snippetCount} snippets`;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown('**Clinical Writer corpus**\n\n');
    for (const f of info.perFolder) {
      tooltip.appendText(`${f.folder === this.bundledFolder ? 'bundled corpus' : f.folder}: ${f.documents} documents, ${f.snippets} snippets`);
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
