// Issue 7, editor side: corpus text stays inert wherever it is shown (beyond the hover /
// tooltip / QuickPick test in test/host/editor/hovers.test.ts: hostile titles, icon syntax,
// the procedure-summary hover); nothing from the workspace is executed or required; corpus
// files are never written; every edit is one undo step against the version it was computed for.
import * as assert from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { api, closeAll, diagnosticsWhere, driftDraft, hoverText, ofKind, openNew, waitFor, workspaceDir } from '../../host/editor/helpers';
import { tempCorpus } from './support';

const LINK = '[open](command:workbench.action.terminal.new)';
const HTML = '<img src=x onerror=alert(1)>';

function assertInert(text: string, where: string): void {
  assert.ok(!/\]\(command:workbench/.test(text), `${where}: a live command link: ${text}`);
  assert.ok(!/<img|<script/i.test(text), `${where}: raw HTML: ${text}`);
}

function hashTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.set(full, createHash('sha256').update(fs.readFileSync(full)).digest('hex') + ':' + fs.statSync(full).mtimeMs);
    }
  };
  walk(dir);
  return out;
}

async function actionsFor(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
  return actions.filter((a) => a.command?.command.startsWith('clinicalWriter.'));
}

const run = (action: vscode.CodeAction) => vscode.commands.executeCommand(action.command!.command, ...(action.command!.arguments ?? []));

describe('Robustness › security and no lost work (host)', function () {
  this.timeout(120000);
  afterEach(closeAll);

  it('hostile titles, icon syntax and definitions stay inert in the tree tooltip, QuickPick and procedure hover', async () => {
    const title = `Guide ${LINK} ${HTML} $(terminal) **bold**`;
    const sentence = `A discectomy is an operation that removes part of a disc ${LINK} ${HTML} $(terminal) and frees the nerve.`;
    const corpus = await tempCorpus((dir) => fs.writeFileSync(path.join(dir, 'hostile.txt'), `${title}\n${sentence}\n`));
    try {
      const a = await api();
      const snippet = (await a.snippets()).find((s) => s.source.file.startsWith(corpus.dir) && s.text.includes('onerror'));
      assert.ok(snippet, 'hostile sentence not indexed');

      const provider = a.testing.proceduresProvider;
      const topics = (await Promise.all((await provider.getChildren()).map((p) => provider.getChildren(p)))).flat();
      const nodes = (await Promise.all(topics.map((t) => provider.getChildren(t)))).flat();
      const node = nodes.find((n) => n.kind === 'snippet' && n.snippet.id === snippet.id);
      assert.ok(node, 'hostile snippet not in the tree');
      const item = provider.getTreeItem(node);
      const tooltip = item.tooltip as vscode.MarkdownString;
      assert.ok(!tooltip.isTrusted && !tooltip.supportHtml && !tooltip.supportThemeIcons);
      assertInert(tooltip.value, 'tree tooltip');
      assert.ok(!tooltip.value.includes('**bold**'), 'title markdown not escaped');
      assert.strictEqual(item.command, undefined, 'a snippet tree item must not run a command on click');

      const [result] = (await a.search('onerror discectomy', 20)).filter((r) => r.snippet.id === snippet.id);
      assert.ok(result, 'hostile snippet not found by search');
      const [qp] = a.testing.quickPickItems([result], { procedure: (x) => x, topic: (x) => x });
      for (const text of [qp.label, qp.description ?? '', qp.detail ?? '']) assert.ok(!text.includes('$(terminal)'), `icon syntax would render: ${text}`);

      // The procedure hover: its definition sentence may be the hostile one; either way it is inert.
      const editor = await openNew('# T\n\nWe discussed a discectomy today.\n');
      const line = editor.document.lineAt(2).text;
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(2, line.indexOf('discectomy') + 2));
      const summary = hovers.find((h) => hoverText(h).includes('vetted corpus'));
      assert.ok(summary, 'no procedure hover');
      for (const c of summary.contents) {
        const md = c as vscode.MarkdownString;
        assertInert(md.value, 'procedure hover');
        assert.ok(md.isTrusted === false || typeof md.isTrusted === 'object', 'hover must not be fully trusted');
        if (typeof md.isTrusted === 'object') assert.deepStrictEqual([...md.isTrusted.enabledCommands].sort(), ['clinicalWriter.openSource', 'clinicalWriter.revealProcedure']);
      }
    } finally {
      await corpus.restore();
    }
  });

  it('nothing from the workspace or corpus is required or executed', async () => {
    const marker = path.join(workspaceDir(), `executed-${Date.now()}`);
    const payload = `require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran');`;
    const corpus = await tempCorpus((dir) => {
      fs.writeFileSync(path.join(dir, 'index.js'), payload);
      fs.writeFileSync(path.join(dir, 'taxonomy.js'), payload);
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ main: 'index.js', scripts: { postinstall: 'node index.js' } }));
      fs.writeFileSync(path.join(dir, 'notes.md'), `# Notes\n\nThe scriptmarker sentence mentions ${'`'}require('./index.js')${'`'} as text only.\n`);
    });
    try {
      const a = await api();
      assert.ok((await a.snippets()).some((s) => s.text.includes('scriptmarker')));
      const editor = await openNew(`# T\n\nThe scriptmarker sentence mentions require as text only.\n`);
      await a.check(editor.document);
      assert.ok(!fs.existsSync(marker), 'workspace code ran');
      const loaded = Object.keys(require.cache).filter((f) => f.startsWith(corpus.dir) || f.startsWith(workspaceDir()));
      assert.deepStrictEqual(loaded, [], 'workspace modules were required');
    } finally {
      await corpus.restore();
    }
  });

  it('a session of inserts, fixes, ignores and Open Source never writes a corpus file', async () => {
    const a = await api();
    const bundled = path.dirname((await a.snippets())[0].source.file);
    const before = hashTree(bundled);
    const draft = await driftDraft();
    const editor = await openNew(draft.text);
    const uri = editor.document.uri;
    const [d] = ofKind(await diagnosticsWhere(uri, (l) => ofKind(l, 'drift').length === 1, 'drift'), 'drift');
    const actions = await actionsFor(uri, d.range);
    await run(actions.find((x) => x.title.startsWith('Open Source'))!);
    const source = await waitFor(() => vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === draft.source.file), 'the source editor');
    assert.strictEqual(source.document.isDirty, false);
    await vscode.window.showTextDocument(editor.document);
    assert.strictEqual(await run(actions.find((x) => x.title === 'Use the Source Wording')!), true);
    assert.strictEqual(await vscode.commands.executeCommand('clinicalWriter.insertSnippet', draft.id), true);
    await vscode.commands.executeCommand('clinicalWriter.checkAllDocuments');
    await vscode.commands.executeCommand('workbench.action.files.saveAll');
    assert.deepStrictEqual(hashTree(bundled), before, 'a corpus file changed');
    // The corpus itself is never checked (and so never offered fixes).
    assert.strictEqual(a.testing.diagnostics.result(source.document.uri), undefined);
  });

  it('Ignore This Line is one undo step and is refused for an older version', async () => {
    const draft = await driftDraft();
    const editor = await openNew(draft.text);
    const uri = editor.document.uri;
    const [d] = ofKind(await diagnosticsWhere(uri, (l) => ofKind(l, 'drift').length === 1, 'drift'), 'drift');
    const ignore = (await actionsFor(uri, d.range)).find((x) => x.title === 'Ignore This Line')!;
    assert.strictEqual(await run(ignore), true);
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    await waitFor(() => editor.document.getText() === draft.text, 'one undo to remove the directive');

    // Computed for the version before an edit that was then undone: same text, newer version: refused.
    const [d2] = ofKind(await diagnosticsWhere(uri, (l) => ofKind(l, 'drift').length === 1, 'drift again'), 'drift');
    const stale = await actionsFor(uri, d2.range);
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'X'));
    await editor.edit((b) => b.delete(new vscode.Range(0, 0, 0, 1)));
    assert.strictEqual(editor.document.getText(), draft.text);
    assert.strictEqual(await run(stale.find((x) => x.title === 'Ignore This Line')!), false);
    assert.strictEqual(await run(stale.find((x) => x.title === 'Use the Source Wording')!), false);
    assert.strictEqual(editor.document.getText(), draft.text, 'a stale action changed the document');
  });
});
