// Shared helpers for the editor suites that run inside the real extension host.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ClinicalWriterApi, TestingHooks } from '../../../src/extension';

export const EXTENSION_ID = 'clinical-writer.clinical-writer';

export async function api(): Promise<ClinicalWriterApi & { testing: TestingHooks }> {
  const ext = vscode.extensions.getExtension<ClinicalWriterApi>(EXTENSION_ID);
  assert.ok(ext, 'extension not loaded');
  const exported = await ext.activate();
  assert.ok(exported.testing, 'testing hooks missing: CLINICAL_WRITER_HOST_TESTS must be 1 in the extension host');
  await exported.testing.whenCorpusIdle();
  return exported as ClinicalWriterApi & { testing: TestingHooks };
}

/** Polls until probe returns something truthy; fails with what was awaited. */
export async function waitFor<T>(probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, what: string, timeoutMs = 10000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder');
  return folder.uri.fsPath;
}

let counter = 0;
/** Writes a file in the workspace copy (unique name) and opens it in an editor. */
export async function openNew(content: string, ext = 'md'): Promise<vscode.TextEditor> {
  const file = path.join(workspaceDir(), `host-${process.pid}-${Date.now()}-${counter++}.${ext}`);
  fs.writeFileSync(file, content);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  return vscode.window.showTextDocument(document, { preview: false });
}

export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Updates a clinicalWriter setting in the workspace; returns a function that restores it. */
export async function setSetting(key: string, value: unknown): Promise<() => Promise<void>> {
  const config = vscode.workspace.getConfiguration('clinicalWriter');
  const before = config.inspect(key)?.workspaceValue;
  await config.update(key, value, vscode.ConfigurationTarget.Workspace);
  await waitFor(() => JSON.stringify(vscode.workspace.getConfiguration('clinicalWriter').inspect(key)?.workspaceValue) === JSON.stringify(value), `setting ${key}`);
  return async () => {
    await vscode.workspace.getConfiguration('clinicalWriter').update(key, before, vscode.ConfigurationTarget.Workspace);
  };
}

/** Our diagnostics of one kind (the real claim checker may add others to the same text). */
export function ofKind(list: vscode.Diagnostic[], code: string): vscode.Diagnostic[] {
  return list.filter((d) => d.code === code);
}

export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Clinical Writer');
}

/** Waits until our diagnostics for a document satisfy a condition (no blind sleeps). */
export function diagnosticsWhere(uri: vscode.Uri, ok: (diagnostics: vscode.Diagnostic[]) => boolean, what: string, timeoutMs = 10000): Promise<vscode.Diagnostic[]> {
  return waitFor(() => {
    const list = ourDiagnostics(uri);
    return ok(list) ? list : undefined;
  }, what, timeoutMs);
}

/** Text of a hover's contents, joined. */
export function hoverText(hover: vscode.Hover): string {
  // appendText writes spaces as &nbsp; (that is how VS Code keeps them); compare as plain spaces.
  return hover.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')).join('\n').replace(/&nbsp;/g, ' ');
}

/** Puts corpus.paths back, waits for the re-index, then deletes the temporary corpus folder. */
export async function restoreCorpusFolder(restoreSetting: () => Promise<void>, dir: string, timeoutMs?: number): Promise<void> {
  const before = await currentGeneration();
  await restoreSetting();
  await waitFor(async () => (await currentGeneration()) > before, 'the corpus to re-index after restore', timeoutMs);
  await (await api()).testing.whenCorpusIdle();
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Makes a corpus folder inside the workspace and points clinicalWriter.corpus.paths at it. */
export async function extraCorpus(files: Record<string, string>): Promise<{ dir: string; restore: () => Promise<void> }> {
  const dir = path.join(workspaceDir(), `corpus-${Date.now()}-${counter++}`);
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  const a = await api();
  const generation = await currentGeneration();
  const restoreSetting = await setSetting('corpus.paths', [path.basename(dir)]);
  await waitFor(async () => (await currentGeneration()) > generation && a.testing.corpusState() !== 'loading', 'the corpus to re-index');
  await a.testing.whenCorpusIdle();
  return {
    dir,
    restore: () => restoreCorpusFolder(restoreSetting, dir),
  };
}

let generations = 0;
let listening = false;
/** Counts corpus re-indexes seen through the public onDidChangeCorpus event. */
export async function currentGeneration(): Promise<number> {
  if (!listening) {
    listening = true;
    (await api()).onDidChangeCorpus(() => generations++);
  }
  return generations;
}

/** A draft whose second paragraph carries a snippet id but was edited: a `drift` finding. */
export async function driftDraft(): Promise<{ text: string; sentence: string; snippetText: string; id: string; source: { file: string; line: number } }> {
  const [hit] = await (await api()).search('discectomy herniated', 1);
  const s = hit.snippet;
  const sentence = s.text.replace('herniated disc', 'bulging disc');
  assert.notStrictEqual(sentence, s.text);
  const text = `# Leaflet\n\nIntro sentence. ${sentence} <!-- cw-snippet: ${s.id} -->\n\nEnd.\n`;
  return { text, sentence, snippetText: s.text, id: s.id, source: { file: s.source.file, line: s.source.line } };
}

