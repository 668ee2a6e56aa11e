import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Finding } from '../../../src/core/claims/finding';
import { api, closeAll, diagnosticsWhere, openNew, ourDiagnostics, setSetting, waitFor, workspaceDir, driftDraft, ofKind } from './helpers';

describe('Editor › diagnostics', () => {
  afterEach(async () => {
    (await api()).testing.setChecker(undefined);
    await closeAll();
  });

  it('flags an edited vetted snippet (drift) with range, code and related source', async () => {
    const draft = await driftDraft();
    const editor = await openNew(draft.text);
    const [d] = ofKind(await diagnosticsWhere(editor.document.uri, (l) => ofKind(l, 'drift').length === 1, 'a drift diagnostic'), 'drift');
    assert.strictEqual(d.code, 'drift');
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(editor.document.getText(d.range), draft.sentence);
    assert.match(d.message, /Vetted snippet changed/);
    assert.ok(d.message.includes(draft.snippetText), 'the message quotes the source');
    const related = d.relatedInformation![0];
    assert.strictEqual(related.location.uri.fsPath, draft.source.file);
    assert.strictEqual(related.location.range.start.line, draft.source.line - 1);
  });

  it('checker findings become diagnostics: message, code, severity per kind, related information', async () => {
    const a = await api();
    const [hit] = await a.search('70-90% improvement symptoms', 1);
    const s = hit.snippet;
    const wrong = s.text.replace('70-90%', '20-30%');
    a.testing.setChecker((text): Finding[] => {
      const offset = text.indexOf(wrong);
      if (offset < 0) return [];
      const line = text.slice(0, offset).split('\n').length;
      const column = offset - text.lastIndexOf('\n', offset - 1);
      return [
        {
          line, column, endLine: line, endColumn: column + wrong.length, severity: 'warning', code: 'number',
          message: `The source says "${s.text}"`, replacement: s.text,
          source: { ...s.source, text: s.text, snippetId: s.id },
        },
        { line: 1, column: 1, endLine: 1, endColumn: 3, severity: 'warning', code: 'unsupported', message: 'Not in the corpus.' },
      ];
    });
    const editor = await openNew(`# T\n\nIn short: ${wrong}\n`);
    const list = await diagnosticsWhere(editor.document.uri, (l) => l.length === 2, 'two diagnostics');
    const number = list.find((d) => d.code === 'number')!;
    assert.strictEqual(editor.document.getText(number.range), wrong);
    assert.strictEqual(number.severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(number.relatedInformation![0].location.uri.fsPath, s.source.file);
    assert.ok(number.relatedInformation![0].message.includes(s.text));
    const unsupported = list.find((d) => d.code === 'unsupported')!;
    assert.strictEqual(unsupported.severity, vscode.DiagnosticSeverity.Information, 'unsupported defaults to information');
  });

  it('the real claim checker flags a disagreeing sentence in a Markdown leaflet', async function () {
    const a = await api();
    const [hit] = await a.search('70-90% improvement symptoms', 1);
    const wrong = hit.snippet.text.replace('70-90%', '20-30%');
    const editor = await openNew(`# Leaflet\n\n${wrong}\n`);
    const result = await waitFor(() => a.testing.diagnostics.result(editor.document.uri), 'the first check');
    if (result.findings.length === 0) {
      // Pending (not passed) until src/core/claims lands a checker: the stub returns no findings.
      this.skip();
    }
    const list = await diagnosticsWhere(editor.document.uri, (l) => l.length > 0, 'a claim diagnostic');
    assert.ok(list.some((d) => d.code === 'number' && editor.document.getText(d.range).includes('20-30%')), JSON.stringify(list.map((d) => [d.code, d.message])));
  });

  it('clinicalWriter.severity moves a kind to error and "off" hides it', async () => {
    const draft = await driftDraft();
    const editor = await openNew(draft.text);
    const uri = editor.document.uri;
    const drift = (l: vscode.Diagnostic[]) => ofKind(l, 'drift');
    await diagnosticsWhere(uri, (l) => drift(l).length === 1 && drift(l)[0].severity === vscode.DiagnosticSeverity.Warning, 'a warning');
    const restore = await setSetting('severity', { drift: 'error' });
    try {
      await diagnosticsWhere(uri, (l) => drift(l).length === 1 && drift(l)[0].severity === vscode.DiagnosticSeverity.Error, 'drift as an error');
      await setSetting('severity', { drift: 'off' });
      await diagnosticsWhere(uri, (l) => drift(l).length === 0, 'drift turned off');
    } finally {
      await restore();
    }
    await diagnosticsWhere(uri, (l) => drift(l).length === 1 && drift(l)[0].severity === vscode.DiagnosticSeverity.Warning, 'the default back');
  });

  it('re-checks while typing (debounced) and clears diagnostics when the document closes', async () => {
    const restore = await setSetting('check.debounceMs', 50);
    try {
      const draft = await driftDraft();
      const editor = await openNew('# Leaflet\n\nNothing to see.\n');
      const uri = editor.document.uri;
      await waitFor(() => (api().then((a) => a.testing.diagnostics.result(uri))), 'the first check');
      assert.strictEqual(ofKind(ourDiagnostics(uri), 'drift').length, 0);
      await editor.edit((b) => b.insert(new vscode.Position(3, 0), `${draft.sentence} <!-- cw-snippet: ${draft.id} -->\n`));
      await diagnosticsWhere(uri, (l) => ofKind(l, 'drift').length === 1, 'drift after typing');
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await closeAll();
      await diagnosticsWhere(uri, (l) => l.length === 0, 'diagnostics cleared on close', 20000);
    } finally {
      await restore();
    }
  });

  it('check.when = onCommand: nothing until Check Current Document', async () => {
    const restore = await setSetting('check.when', 'onCommand');
    try {
      const draft = await driftDraft();
      const editor = await openNew(draft.text);
      const uri = editor.document.uri;
      await new Promise((resolve) => setTimeout(resolve, 800)); // proving an absence: longer than any debounce
      assert.strictEqual(ourDiagnostics(uri).length, 0);
      await vscode.commands.executeCommand('clinicalWriter.checkDocument');
      await diagnosticsWhere(uri, (l) => ofKind(l, 'drift').length === 1, 'drift after the command');
    } finally {
      await restore();
    }
  });

  it('clinicalWriter.languages decides which documents are checked', async () => {
    const draft = await driftDraft();
    const restore = await setSetting('languages', ['markdown']);
    try {
      const editor = await openNew(draft.text, 'txt');
      assert.strictEqual(editor.document.languageId, 'plaintext');
      const md = await openNew(draft.text, 'md');
      await diagnosticsWhere(md.document.uri, (l) => ofKind(l, 'drift').length === 1, 'the markdown copy checked');
      assert.strictEqual(ourDiagnostics(editor.document.uri).length, 0, 'plain text checked although not in languages');
      await setSetting('languages', ['markdown', 'plaintext']);
      await diagnosticsWhere(editor.document.uri, (l) => ofKind(l, 'drift').length === 1, 'plain text checked once enabled');
    } finally {
      await restore();
    }
  });

  it('Check All Documents in Workspace checks files that are not open', async () => {
    const draft = await driftDraft();
    const file = path.join(workspaceDir(), 'sub', `unopened-${Date.now()}.md`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, draft.text);
    const count = await vscode.commands.executeCommand<number>('clinicalWriter.checkAllDocuments');
    assert.ok(count >= 2, `checked ${count} documents`);
    assert.strictEqual(ofKind(ourDiagnostics(vscode.Uri.file(file)), 'drift').length, 1);
  });

  it('re-checks the files Check All Documents read from disk after a corpus change, one at a time', async () => {
    const dir = path.join(workspaceDir(), 'sub', `disk-${Date.now()}`);
    fs.mkdirSync(dir, { recursive: true });
    const files = Array.from({ length: 12 }, (_, i) => path.join(dir, `leaflet-${i}.md`));
    files.forEach((file, i) => fs.writeFileSync(file, `# Leaflet ${i}\n\nMarker-${i} says spinal fusion joins two vertebrae.\n`));
    await vscode.commands.executeCommand<number>('clinicalWriter.checkAllDocuments');
    const a = await api();
    // A stand-in checker that sees each file's text (by its marker) as a check starts;
    // a check ends when its file's diagnostics are published.
    const running = new Set<string>();
    const rechecked = new Set<string>();
    let mostAtOnce = 0;
    a.testing.setChecker((text): Finding[] => {
      const marker = /Marker-(\d+)/.exec(text)?.[1];
      if (marker !== undefined) {
        running.add(marker);
        mostAtOnce = Math.max(mostAtOnce, running.size);
      }
      return [];
    });
    const ended = a.testing.diagnostics.onDidCheck((result) => {
      const marker = /leaflet-(\d+)\.md$/.exec(result.uri.fsPath)?.[1];
      if (marker !== undefined && running.delete(marker)) rechecked.add(marker);
    });
    try {
      await vscode.commands.executeCommand('clinicalWriter.refresh');
      await waitFor(() => rechecked.size === files.length, `all ${files.length} files re-checked (${rechecked.size} so far)`, 20000);
      assert.strictEqual(mostAtOnce, 1, `${mostAtOnce} files were being checked at once`);
    } finally {
      ended.dispose();
      a.testing.setChecker(undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
