import * as vscode from 'vscode';
import { CitationMode, insertionText } from '../core/citation';
import { Snippet } from '../core/snippet';
import { Ctx } from './ctx';
import { readSettings } from './settings';

/** The editor to insert into: the active one, else the last visible text editor. */
export function targetEditor(): vscode.TextEditor | undefined {
  return vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
}

/**
 * Inserts the vetted sentence exactly, replacing the selection, with its
 * provenance per `clinicalWriter.insert.citation`, as one undoable edit.
 * Resolves to true when the document changed.
 */
export async function insertSnippet(ctx: Ctx, snippet: Snippet, options: { editor?: vscode.TextEditor; citation?: CitationMode } = {}): Promise<boolean> {
  const editor = options.editor ?? targetEditor();
  if (!editor) {
    void vscode.window.showWarningMessage('Clinical Writer: open a document to insert the vetted snippet into.');
    return false;
  }
  const document = editor.document;
  const mode = options.citation ?? readSettings(document).citation;
  const { text, appendix } = insertionText(snippet, mode, document.getText());
  const selection = editor.selection;
  const end = document.lineAt(document.lineCount - 1).range.end;
  const ok = await editor.edit(
    (builder) => {
      // With the cursor at the very end, the footnote definition simply follows the sentence.
      const atEnd = selection.end.isEqual(end);
      builder.replace(selection, appendix && atEnd ? text + appendix : text);
      if (appendix && !atEnd) builder.insert(end, appendix);
    },
    { undoStopBefore: true, undoStopAfter: true },
  );
  if (!ok) ctx.output.warn(`insert into ${document.uri.toString()} was rejected by the editor`);
  return ok;
}
