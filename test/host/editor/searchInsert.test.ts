import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, closeAll, openNew, setSetting, waitFor } from './helpers';

/** Runs the search command with a query and accepts the top item, as Enter would. */
async function searchAndAccept(query: string): Promise<unknown> {
  let settled = false;
  const run = Promise.resolve(vscode.commands.executeCommand('clinicalWriter.search', query)).finally(() => (settled = true));
  await waitFor(async () => {
    if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    return settled;
  }, 'the QuickPick to accept', 15000);
  return run;
}

async function undo(editor: vscode.TextEditor): Promise<void> {
  await vscode.window.showTextDocument(editor.document);
  await vscode.commands.executeCommand('undo');
}

describe('Editor › search and insert', () => {
  afterEach(closeAll);

  it('QuickPick items keep our ranking and show procedures · topics and the source', async () => {
    const a = await api();
    const results = await a.search('fusoin infecton', 10);
    const items = a.testing.quickPickItems(results, { procedure: (id) => `P:${id}`, topic: (id) => `T:${id}` });
    assert.deepStrictEqual(items.map((i) => i.snippet.id), results.map((r) => r.snippet.id));
    for (const item of items) {
      assert.strictEqual(item.alwaysShow, true);
      assert.strictEqual(item.label, item.snippet.text.replace(/\s+/g, ' '));
      assert.match(item.description!, /^P:.* · T:/);
      assert.ok(item.detail!.includes(item.snippet.source.title));
      assert.strictEqual(item.buttons?.length, 2);
    }
  });

  it('the search command inserts the top result for a misspelt query', async () => {
    const a = await api();
    const restore = await setSetting('insert.citation', 'none');
    try {
      const editor = await openNew('# Draft\n\n');
      editor.selection = new vscode.Selection(2, 0, 2, 0);
      const [top] = await a.search('spinal fusoin infecton', 1);
      const result = await searchAndAccept('spinal fusoin infecton');
      assert.strictEqual(result, true);
      assert.strictEqual(editor.document.getText(), `# Draft\n\n${top.snippet.text}`);
    } finally {
      await restore();
    }
  });

  for (const mode of ['none', 'comment', 'footnote'] as const) {
    it(`insert (citation ${mode}) replaces the selection in one edit; one undo restores the exact text`, async () => {
      const a = await api();
      const restore = await setSetting('insert.citation', mode);
      try {
        const original = '# Leaflet\n\nThe surgeon will explain REPLACE ME in clinic.\n\nLast line.';
        const editor = await openNew(original);
        const start = original.indexOf('REPLACE ME');
        editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(start + 'REPLACE ME'.length));
        const [top] = await a.search('discectomy herniated', 1);
        const s = top.snippet;
        assert.strictEqual(await vscode.commands.executeCommand('clinicalWriter.insertSnippet', s.id), true);
        const text = editor.document.getText();
        const expectedAtCursor = mode === 'none' ? s.text : mode === 'comment' ? `${s.text} <!-- cw-snippet: ${s.id} -->` : `${s.text}[^${s.id}]`;
        assert.strictEqual(text.slice(start, start + expectedAtCursor.length), expectedAtCursor);
        assert.strictEqual(text.slice(0, start), original.slice(0, start));
        if (mode === 'footnote') {
          assert.ok(text.endsWith(`\n\n[^${s.id}]: Vetted source: ${s.source.title} (${s.source.corpusPath}, line ${s.source.line}).\n`), JSON.stringify(text.slice(-200)));
        } else {
          assert.ok(text.endsWith(original.slice(start + 'REPLACE ME'.length)));
        }
        await undo(editor);
        await waitFor(() => editor.document.getText() === original, 'one undo to restore the exact text');
      } finally {
        await restore();
      }
    });
  }
});
