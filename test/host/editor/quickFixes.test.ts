import * as assert from 'assert';
import * as vscode from 'vscode';
import { closeAll, diagnosticsWhere, openNew, waitFor, driftDraft, ofKind } from './helpers';

async function actionsFor(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
  return actions.filter((a) => a.command?.command.startsWith('clinicalWriter.'));
}

async function run(action: vscode.CodeAction): Promise<unknown> {
  return vscode.commands.executeCommand(action.command!.command, ...(action.command!.arguments ?? []));
}

describe('Editor › quick fixes', () => {
  afterEach(closeAll);

  it('offers Use the Source Wording, Open Source and Ignore This Line', async () => {
    const draft = await driftDraft();
    const editor = await openNew(draft.text);
    const [d] = ofKind(await diagnosticsWhere(editor.document.uri, (l) => ofKind(l, 'drift').length === 1, 'drift'), 'drift');
    const titles = (await actionsFor(editor.document.uri, d.range)).map((a) => a.title);
    assert.ok(titles.includes('Use the Source Wording'), titles.join(', '));
    assert.ok(titles.some((t) => t.startsWith('Open Source')));
    assert.ok(titles.includes('Ignore This Line'));
  });

  it('Use the Source Wording replaces exactly the flagged range; one undo restores it', async () => {
    const draft = await driftDraft();
    const editor = await openNew(draft.text);
    const uri = editor.document.uri;
    const [d] = ofKind(await diagnosticsWhere(uri, (l) => ofKind(l, 'drift').length === 1, 'drift'), 'drift');
    const fix = (await actionsFor(uri, d.range)).find((a) => a.title === 'Use the Source Wording')!;
    assert.strictEqual(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.strictEqual(await run(fix), true);
    assert.strictEqual(editor.document.getText(), draft.text.replace(draft.sentence, draft.snippetText));
    await diagnosticsWhere(uri, (l) => ofKind(l, 'drift').length === 0, 'the drift to go once the wording matches');
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    await waitFor(() => editor.document.getText() === draft.text, 'undo to restore the draft');
  });

  it('refuses a fix computed for an older version of the document', async () => {
    const draft = await driftDraft();
    const editor = await openNew(draft.text);
    const uri = editor.document.uri;
    const [d] = ofKind(await diagnosticsWhere(uri, (l) => ofKind(l, 'drift').length === 1, 'drift'), 'drift');
    const fix = (await actionsFor(uri, d.range)).find((a) => a.title === 'Use the Source Wording')!;
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'X'));
    const changed = editor.document.getText();
    assert.strictEqual(await run(fix), false);
    assert.strictEqual(editor.document.getText(), changed, 'a stale fix changed the document');
  });

  it('Ignore This Line adds the directive and the finding goes away', async () => {
    const draft = await driftDraft();
    const editor = await openNew(draft.text);
    const uri = editor.document.uri;
    const [d] = ofKind(await diagnosticsWhere(uri, (l) => ofKind(l, 'drift').length === 1, 'drift'), 'drift');
    const ignore = (await actionsFor(uri, d.range)).find((a) => a.title === 'Ignore This Line')!;
    assert.strictEqual(await run(ignore), true);
    assert.ok(editor.document.lineAt(d.range.start.line).text.endsWith('<!-- clinical-check-disable-line -->'));
    await diagnosticsWhere(uri, (l) => !l.some((x) => x.range.start.line === d.range.start.line), 'the findings on the ignored line to go');
  });

  it('Open Source opens the corpus file with the source sentence selected', async () => {
    const draft = await driftDraft();
    const editor = await openNew(draft.text);
    const [d] = ofKind(await diagnosticsWhere(editor.document.uri, (l) => ofKind(l, 'drift').length === 1, 'drift'), 'drift');
    const open = (await actionsFor(editor.document.uri, d.range)).find((a) => a.title.startsWith('Open Source'))!;
    await run(open);
    const source = await waitFor(() => vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === draft.source.file), 'the source editor');
    assert.strictEqual(source.document.getText(source.selection), draft.snippetText);
  });
});
