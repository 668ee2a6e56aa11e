import * as vscode from 'vscode';
import { Snippet } from '../core/snippet';
import { COMMANDS, Ctx } from './ctx';
import { insertSnippet } from './insert';

/** Accepts a snippet, a snippet id, or a tree node / quick pick item carrying one. */
export async function resolveSnippet(ctx: Ctx, arg: unknown): Promise<Snippet | undefined> {
  if (typeof arg === 'string') {
    await ctx.corpus.whenIdle();
    return ctx.corpus.info ? ctx.corpus.engine.request('snippet', { id: arg }) : undefined;
  }
  if (arg && typeof arg === 'object') {
    const o = arg as { snippet?: Snippet; id?: unknown; text?: unknown; source?: unknown };
    if (o.snippet && typeof o.snippet === 'object') return o.snippet;
    if (typeof o.id === 'string' && typeof o.text === 'string' && o.source) return o as Snippet;
  }
  return undefined;
}

/** The source range of a snippet (0-based, for vscode). */
export function sourceRange(source: { line: number; column: number; endLine: number; endColumn: number }): vscode.Range {
  return new vscode.Range(source.line - 1, source.column - 1, source.endLine - 1, source.endColumn - 1);
}

/** Opens a corpus file with the sentence selected (read-only use: we never write corpus files). */
export async function openSource(file: string, range: vscode.Range): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  return vscode.window.showTextDocument(document, { selection: range, preview: true, viewColumn: vscode.ViewColumn.Beside });
}

export function registerSnippetCommands(ctx: Ctx): vscode.Disposable[] {
  const need = async (arg: unknown): Promise<Snippet | undefined> => {
    const snippet = await resolveSnippet(ctx, arg);
    if (!snippet) void vscode.window.showWarningMessage('Clinical Writer: pick a vetted snippet first (from the Procedures view or the search).');
    return snippet;
  };
  return [
    vscode.commands.registerCommand(COMMANDS.insertSnippet, async (arg: unknown) => {
      const snippet = arg === undefined ? undefined : await need(arg);
      if (arg === undefined) return vscode.commands.executeCommand(COMMANDS.search);
      return snippet ? insertSnippet(ctx, snippet) : false;
    }),
    vscode.commands.registerCommand(COMMANDS.copySnippet, async (arg: unknown) => {
      const snippet = await need(arg);
      if (!snippet) return false;
      await vscode.env.clipboard.writeText(snippet.text);
      vscode.window.setStatusBarMessage('$(copy) Vetted snippet copied', 2500);
      return true;
    }),
    vscode.commands.registerCommand(COMMANDS.openSource, async (arg: unknown) => {
      const o = arg as { file?: unknown; range?: unknown; line?: unknown; column?: unknown; endLine?: unknown; endColumn?: unknown } | undefined;
      if (o && typeof o.file === 'string' && o.range instanceof vscode.Range) {
        await openSource(o.file, o.range);
        return true;
      }
      // From a hover link: plain JSON { file, line, column, endLine, endColumn } (1-based).
      if (o && typeof o.file === 'string' && [o.line, o.column, o.endLine, o.endColumn].every((n) => typeof n === 'number')) {
        await openSource(o.file, sourceRange(o as { line: number; column: number; endLine: number; endColumn: number }));
        return true;
      }
      const snippet = await need(arg);
      if (!snippet) return false;
      await openSource(snippet.source.file, sourceRange(snippet.source));
      return true;
    }),
    vscode.commands.registerCommand(COMMANDS.showOutput, () => ctx.output.show(true)),
    vscode.commands.registerCommand(COMMANDS.refresh, () => ctx.corpus.reload()),
  ];
}
