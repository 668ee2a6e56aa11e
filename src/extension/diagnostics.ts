import * as path from 'node:path';
import * as vscode from 'vscode';
import { DocumentFormat } from '../core/claims/checker';
import { Finding, FindingCode, Severity } from '../core/claims/finding';
import { timed } from './blocking';
import { COMMANDS, Ctx } from './ctx';
import { CheckWhen, readSettings, SECTION, SeveritySetting } from './settings';

export const DIAGNOSTIC_SOURCE = 'Clinical Writer';

export const DEFAULT_SEVERITY: Record<FindingCode, SeveritySetting> = {
  number: 'warning',
  negation: 'warning',
  modality: 'warning',
  quantifier: 'warning',
  procedure: 'warning',
  direction: 'warning',
  absolute: 'warning',
  unsupported: 'information',
  drift: 'warning',
};

/** Most diagnostics per document (VS Code shows at most 1000 per file). */
export const MAX_FINDINGS = 1000;

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** A checker: the real one from the corpus, or one a host test puts in its place. */
export type CheckFunction = (text: string, format: DocumentFormat) => Finding[];

/** What a check found for one document, and the document version it was computed for. */
export interface CheckResult {
  uri: vscode.Uri;
  /** Document version the findings belong to; -1 when read from disk. */
  version: number;
  findings: Finding[];
  entries: Array<{ diagnostic: vscode.Diagnostic; finding: Finding }>;
}

export function formatOf(languageId: string): DocumentFormat {
  return languageId === 'markdown' ? 'markdown' : 'text';
}

function languageOfPath(file: string): string | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.md' || ext === '.markdown') return 'markdown';
  if (ext === '.txt') return 'plaintext';
  return undefined;
}

/** Zero-based, clamped to the text (findings are 1-based with an exclusive end). */
export function findingRange(finding: { line: number; column: number; endLine: number; endColumn: number }): vscode.Range {
  const start = new vscode.Position(Math.max(0, finding.line - 1), Math.max(0, finding.column - 1));
  const end = new vscode.Position(Math.max(0, finding.endLine - 1), Math.max(0, finding.endColumn - 1));
  return new vscode.Range(start, end.isBefore(start) ? start : end);
}

/**
 * Turns claim-checker findings (plus snippet drift) into diagnostics: on open,
 * on edit (debounced), on save, or on command, per `clinicalWriter.check.when`.
 */
export class DiagnosticsManager implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('clinicalWriter');
  private readonly results = new Map<string, CheckResult>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Documents checked from disk by "Check All Documents"; re-read from disk when their editor closes. */
  private readonly fromDisk = new Set<string>();
  private readonly checked = new vscode.EventEmitter<CheckResult>();
  readonly onDidCheck = this.checked.event;
  private readonly disposables: vscode.Disposable[] = [];
  private checkerOverride: CheckFunction | undefined;
  private readonly warnedTooLarge = new Set<string>();
  /** The latest re-check of files read from disk (see recheckFromDisk). */
  private diskRound = 0;
  private disposed = false;

  constructor(private readonly ctx: Ctx) {
    this.disposables.push(
      this.collection,
      this.checked,
      vscode.workspace.onDidOpenTextDocument((d) => {
        if (this.when(d) === 'onType') this.schedule(d, 0);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0 || !this.applies(e.document)) return;
        if (this.when(e.document) === 'onType') this.schedule(e.document, readSettings(e.document).debounceMs);
      }),
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (this.when(d) !== 'onCommand') this.schedule(d, 0);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.closed(d)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (['severity', 'languages', 'check'].some((k) => e.affectsConfiguration(`${SECTION}.${k}`))) this.recheckOpen();
      }),
      ctx.corpus.onDidChange(() => this.recheckOpen()),
      vscode.commands.registerCommand(COMMANDS.checkDocument, async (uri?: vscode.Uri) => {
        const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
        if (!document) return undefined;
        return this.checkDocument(document, { force: true });
      }),
      vscode.commands.registerCommand(COMMANDS.checkAllDocuments, () => this.checkWorkspace()),
    );
    this.recheckOpen();
  }

  /** Lets host tests stand in for the claim checker; undefined restores the real one. */
  setChecker(check: CheckFunction | undefined): void {
    this.checkerOverride = check;
  }

  result(uri: vscode.Uri): CheckResult | undefined {
    return this.results.get(uri.toString());
  }

  private when(document: vscode.TextDocument): CheckWhen | undefined {
    return this.applies(document) ? readSettings(document).checkWhen : undefined;
  }

  private applies(document: vscode.TextDocument): boolean {
    if (document.uri.scheme === 'output' || document.uri.scheme === 'vscode-userdata') return false;
    if (this.isCorpusFile(document.uri)) return false;
    return readSettings(document).languages.includes(document.languageId);
  }

  private isCorpusFile(uri: vscode.Uri): boolean {
    if (uri.scheme !== 'file') return false;
    const folders = this.ctx.corpus.info?.folders ?? [];
    return folders.some((f) => uri.fsPath === f || uri.fsPath.startsWith(f + path.sep));
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    const key = document.uri.toString();
    const old = this.timers.get(key);
    if (old) clearTimeout(old);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (!document.isClosed) void this.checkDocument(document);
      }, delay),
    );
  }

  private recheckOpen(): void {
    const open = new Set<string>();
    for (const document of vscode.workspace.textDocuments) {
      const key = document.uri.toString();
      open.add(key);
      if (!this.applies(document)) {
        if (this.results.has(key) && !this.fromDisk.has(key)) this.clear(document.uri);
        continue;
      }
      if (this.when(document) === 'onType' || this.results.has(key)) this.schedule(document, 0);
    }
    const onDisk = [...this.fromDisk].filter((key) => !open.has(key));
    if (onDisk.length > 0) void this.recheckFromDisk(onDisk);
  }

  /**
   * Re-checks files that "Check All Documents" read from disk, one at a time as that command
   * does: a corpus change used to start every one of them at once (up to 5,000 reads and
   * checks, their first steps all in one turn of the extension host). A newer round
   * replaces one still running.
   */
  private async recheckFromDisk(keys: readonly string[]): Promise<void> {
    const round = ++this.diskRound;
    for (const key of keys) {
      if (round !== this.diskRound || this.disposed) return;
      // Opened meanwhile: its editor's own check covers it; forgotten meanwhile: nothing to do.
      if (!this.fromDisk.has(key) || vscode.workspace.textDocuments.some((d) => d.uri.toString() === key)) continue;
      await this.checkFile(vscode.Uri.parse(key));
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private closed(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
    if (this.fromDisk.has(key)) void this.checkFile(document.uri);
    else this.clear(document.uri);
  }

  private clear(uri: vscode.Uri): void {
    this.results.delete(uri.toString());
    this.collection.delete(uri);
  }

  /**
   * The findings for a text, from the engine worker: the claim checker's (or a host
   * test's stand-in's) plus snippet drift, minus ignored lines and kinds turned off,
   * most severe first up to MAX_FINDINGS. Undefined when a newer check overtook it.
   */
  private async findingsFor(key: string, version: number, text: string, format: DocumentFormat, scope: vscode.Uri): Promise<Finding[] | undefined> {
    if (!this.ctx.corpus.info) return [];
    let override: Finding[] | undefined;
    if (this.checkerOverride) {
      try {
        override = this.checkerOverride(text, format);
      } catch (error) {
        this.ctx.output.error(`claim checker failed: ${(error as Error).stack ?? error}`);
        override = [];
      }
    }
    const severity = { ...DEFAULT_SEVERITY, ...readSettings(scope).severity };
    try {
      const answer = await timed('send a check', () => this.ctx.corpus.engine.check({ key, version, text, format, severity, override, maxFindings: MAX_FINDINGS }));
      if (!answer || answer.version !== version) return undefined;
      if (answer.omitted > 0) this.ctx.output.warn(`${scope.fsPath || scope.toString()}: ${answer.omitted} more findings not shown (at most ${MAX_FINDINGS} per document, the most severe first)`);
      if (answer.ms > 2000) this.ctx.output.info(`${scope.fsPath || scope.toString()}: checked in ${answer.ms} ms`);
      return answer.findings;
    } catch (error) {
      this.ctx.output.error(`claim checker failed: ${(error as Error).message}`);
      return [];
    }
  }

  /** Checks one open document now and publishes its diagnostics. */
  async checkDocument(document: vscode.TextDocument, options: { force?: boolean } = {}): Promise<CheckResult | undefined> {
    if (!this.applies(document) && !(options.force && !this.isCorpusFile(document.uri))) return undefined;
    await this.ctx.corpus.whenIdle();
    if (document.isClosed) return undefined;
    const settings = readSettings(document);
    const version = document.version;
    const text = timed('read the document', () => document.getText());
    if (text.length > settings.maxDocumentSize) {
      this.tooLarge(document.uri, text.length, settings.maxDocumentSize);
      return undefined;
    }
    const findings = await this.findingsFor(document.uri.toString(), version, text, formatOf(document.languageId), document.uri);
    if (!findings || document.isClosed || document.version !== version) return undefined; // a newer check follows
    this.fromDisk.delete(document.uri.toString());
    return timed('publish diagnostics', () => this.publish(document.uri, version, findings, (r) => document.validateRange(r)));
  }

  /** Says once per document and size that it is too large to check, and clears its diagnostics. */
  private tooLarge(uri: vscode.Uri, length: number, max: number): void {
    const key = `${uri.toString()}#${length}`;
    if (!this.warnedTooLarge.has(key)) {
      this.warnedTooLarge.add(key);
      const message = `${uri.fsPath || uri.toString()}: not checked, ${length} characters is over clinicalWriter.check.maxDocumentSize (${max})`;
      this.ctx.output.warn(message);
      vscode.window.setStatusBarMessage(`$(warning) Clinical Writer: document too large to check (${length} > ${max} characters)`, 8000);
    }
    this.clear(uri);
  }

  /** Checks a file from disk (not open in an editor). */
  private async checkFile(uri: vscode.Uri): Promise<CheckResult | undefined> {
    const language = languageOfPath(uri.fsPath);
    const settings = readSettings(uri);
    if (!language || !settings.languages.includes(language)) return undefined;
    let text: string;
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      if (bytes.byteLength > settings.maxDocumentSize * 4) {
        this.tooLarge(uri, bytes.byteLength, settings.maxDocumentSize);
        return undefined;
      }
      text = new TextDecoder('utf-8').decode(bytes);
    } catch (error) {
      this.ctx.output.warn(`${uri.fsPath}: not checked: ${(error as Error).message}`);
      return undefined;
    }
    if (text.length > settings.maxDocumentSize) {
      this.tooLarge(uri, text.length, settings.maxDocumentSize);
      return undefined;
    }
    await this.ctx.corpus.whenIdle();
    const findings = await this.findingsFor(uri.toString(), -1, text, formatOf(language), uri);
    if (!findings) return undefined;
    this.fromDisk.add(uri.toString());
    return this.publish(uri, -1, findings, (r) => r);
  }

  private publish(uri: vscode.Uri, version: number, findings: Finding[], validate: (r: vscode.Range) => vscode.Range): CheckResult {
    const severities = { ...DEFAULT_SEVERITY, ...readSettings(uri).severity };
    const entries: CheckResult['entries'] = [];
    for (const finding of findings) {
      const level = severities[finding.code] ?? finding.severity;
      if (level === 'off') continue;
      const diagnostic = new vscode.Diagnostic(validate(findingRange(finding)), finding.message, SEVERITY[level] ?? SEVERITY[finding.severity]);
      diagnostic.source = DIAGNOSTIC_SOURCE;
      diagnostic.code = finding.code;
      if (finding.source) {
        const location = new vscode.Location(vscode.Uri.file(finding.source.file), findingRange(finding.source));
        diagnostic.relatedInformation = [new vscode.DiagnosticRelatedInformation(location, `Source: ${finding.source.title}: "${finding.source.text}"`)];
      }
      entries.push({ diagnostic, finding });
    }
    const result: CheckResult = { uri, version, findings, entries };
    this.results.set(uri.toString(), result);
    this.collection.set(uri, entries.map((e) => e.diagnostic));
    this.checked.fire(result);
    return result;
  }

  /** "Check All Documents in Workspace": every Markdown / text file, open ones as edited, the rest from disk. */
  async checkWorkspace(): Promise<number> {
    const settings = readSettings();
    const patterns: string[] = [];
    if (settings.languages.includes('markdown')) patterns.push('md', 'markdown');
    if (settings.languages.includes('plaintext')) patterns.push('txt');
    if (patterns.length === 0) return 0;
    const corpusFolders = this.ctx.corpus.info?.folders ?? [];
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Clinical Writer: checking documents', cancellable: true },
      async (progress, token) => {
        const files = await vscode.workspace.findFiles(`**/*.{${patterns.join(',')}}`, '**/{node_modules,.git}/**', 5000, token);
        let count = 0;
        let problems = 0;
        for (const uri of files) {
          if (token.isCancellationRequested) break;
          if (corpusFolders.some((f) => uri.fsPath.startsWith(f + path.sep))) continue;
          const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
          const result = open ? await this.checkDocument(open, { force: true }) : await this.checkFile(uri);
          count++;
          problems += result?.entries.length ?? 0;
          progress.report({ message: vscode.workspace.asRelativePath(uri), increment: 100 / files.length });
          await new Promise((resolve) => setImmediate(resolve)); // keep the extension host responsive
        }
        this.ctx.output.info(`checked ${count} documents: ${problems} findings`);
        return count;
      },
    );
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}
