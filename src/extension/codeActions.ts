import * as vscode from 'vscode';
import { IGNORE_LINE_COMMENT, hasIgnoreDirective } from '../core/citation';
import { COMMANDS, Ctx } from './ctx';
import { DIAGNOSTIC_SOURCE, DiagnosticsManager, findingRange } from './diagnostics';

/** Arguments of the fix commands: what was checked, so a changed document is refused. */
export interface FixArgs {
  uri: string;
  /** Document version the check saw (-1: read from disk). */
  version: number;
  range: vscode.Range | { start: { line: number; character: number }; end: { line: number; character: number } };
  /** Text the range held when checked. */
  expected: string;
  replacement: string;
}

export interface IgnoreArgs {
  uri: string;
  version: number;
  line: number;
}

function toRange(r: FixArgs['range']): vscode.Range {
  if (r instanceof vscode.Range) return r;
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

async function documentFor(uri: string): Promise<vscode.TextDocument> {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri) ?? vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
}

const sameKey = (a: vscode.Diagnostic, b: vscode.Diagnostic) =>
  a.range.isEqual(b.range) && a.message === b.message && String(typeof a.code === 'object' ? a.code.value : a.code) === String(b.code);

/** Quick fixes for our diagnostics: Use the Source Wording, Open Source, Ignore This Line. */
export class ClaimCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly diagnostics: DiagnosticsManager) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const result = this.diagnostics.result(document.uri);
    if (!result) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const entry = result.entries.find((e) => sameKey(diagnostic, e.diagnostic));
      if (!entry) continue;
      const { finding } = entry;
      const range = entry.diagnostic.range;
      if (finding.replacement !== undefined) {
        const fix = new vscode.CodeAction('Use the Source Wording', vscode.CodeActionKind.QuickFix);
        fix.diagnostics = [diagnostic];
        fix.isPreferred = true;
        const args: FixArgs = { uri: document.uri.toString(), version: result.version, range, expected: document.getText(range), replacement: finding.replacement };
        // The stale check at check time: a document edited since is refused when the fix runs.
        if (result.version !== -1 && result.version !== document.version) args.expected = '\u0000stale';
        fix.command = { command: COMMANDS.applyFix, title: 'Use the Source Wording', arguments: [args] };
        actions.push(fix);
      }
      if (finding.source) {
        const open = new vscode.CodeAction(`Open Source: ${finding.source.title}`, vscode.CodeActionKind.QuickFix);
        open.diagnostics = [diagnostic];
        open.command = { command: COMMANDS.openSource, title: 'Open Source', arguments: [{ file: finding.source.file, range: findingRange(finding.source) }] };
        actions.push(open);
      }
      const ignore = new vscode.CodeAction('Ignore This Line', vscode.CodeActionKind.QuickFix);
      ignore.diagnostics = [diagnostic];
      const ignoreArgs: IgnoreArgs = { uri: document.uri.toString(), version: result.version, line: range.start.line };
      ignore.command = { command: COMMANDS.ignoreLine, title: 'Ignore This Line', arguments: [ignoreArgs] };
      actions.push(ignore);
    }
    return actions;
  }
}

export function registerCodeActions(ctx: Ctx, diagnostics: DiagnosticsManager): vscode.Disposable[] {
  const refuse = (document: vscode.TextDocument, what: string) => {
    ctx.output.warn(`${what} refused: ${document.uri.toString()} changed since it was checked`);
    void vscode.window.showWarningMessage(`Clinical Writer: the document changed since it was checked, so "${what}" was not applied. It is being checked again.`);
    void diagnostics.checkDocument(document, { force: true });
    return false;
  };
  return [
    vscode.languages.registerCodeActionsProvider([{ language: 'markdown' }, { language: 'plaintext' }, { scheme: 'file' }, { scheme: 'untitled' }], new ClaimCodeActions(diagnostics), ClaimCodeActions.metadata),
    vscode.commands.registerCommand(COMMANDS.applyFix, async (args: FixArgs) => {
      const document = await documentFor(args.uri);
      const range = toRange(args.range);
      const stale = (args.version !== -1 && document.version !== args.version) || document.getText(range) !== args.expected;
      if (stale) return refuse(document, 'Use the Source Wording');
      const edit = new vscode.WorkspaceEdit();
      edit.replace(document.uri, range, args.replacement);
      return vscode.workspace.applyEdit(edit);
    }),
    vscode.commands.registerCommand(COMMANDS.ignoreLine, async (args: IgnoreArgs) => {
      const document = await documentFor(args.uri);
      if (args.version !== -1 && document.version !== args.version) return refuse(document, 'Ignore This Line');
      if (args.line >= document.lineCount) return false;
      const line = document.lineAt(args.line);
      if (hasIgnoreDirective(line.text)) return true;
      const edit = new vscode.WorkspaceEdit();
      edit.insert(document.uri, line.range.end, `${line.text.length && !/\s$/.test(line.text) ? ' ' : ''}${IGNORE_LINE_COMMENT}`);
      return vscode.workspace.applyEdit(edit);
    }),
  ];
}
