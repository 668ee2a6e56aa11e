import * as vscode from 'vscode';
import { CorpusService } from './corpusService';

/** What every feature module gets: the output channel, the corpus and the extension context. */
export interface Ctx {
  extension: vscode.ExtensionContext;
  output: vscode.LogOutputChannel;
  corpus: CorpusService;
}

export function createCtx(extension: vscode.ExtensionContext): Ctx {
  const output = vscode.window.createOutputChannel('Clinical Writer', { log: true });
  const corpus = new CorpusService(extension.extensionPath, output, storageDir(extension));
  extension.subscriptions.push(output, corpus);
  return { extension, output, corpus };
}

/** A local folder for the on-disk index (global storage), when the host has one. */
function storageDir(extension: vscode.ExtensionContext): string | undefined {
  const uri = extension.globalStorageUri;
  return uri.scheme === 'file' || uri.scheme === 'vscode-remote' ? uri.fsPath : undefined;
}

/** Our command ids; hovers trust links to these only. */
export const COMMANDS = {
  search: 'clinicalWriter.search',
  insertSnippet: 'clinicalWriter.insertSnippet',
  copySnippet: 'clinicalWriter.copySnippet',
  openSource: 'clinicalWriter.openSource',
  refresh: 'clinicalWriter.refresh',
  collapseAll: 'clinicalWriter.collapseAll',
  checkDocument: 'clinicalWriter.checkDocument',
  checkAllDocuments: 'clinicalWriter.checkAllDocuments',
  revealProcedure: 'clinicalWriter.revealProcedure',
  showOutput: 'clinicalWriter.showOutput',
  applyFix: 'clinicalWriter.applyFix',
  ignoreLine: 'clinicalWriter.ignoreLine',
} as const;

export const VIEW_ID = 'clinicalWriter.procedures';
