import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ProcedureNode } from '../../../src/extension/proceduresView';
import { api, closeAll, currentGeneration, extraCorpus, openNew, waitFor } from './helpers';

async function roots(): Promise<ProcedureNode[]> {
  return (await api()).testing.proceduresProvider.getChildren();
}

describe('Editor › Procedures view', () => {
  afterEach(closeAll);

  it('lists procedures in taxonomy order with their snippet counts', async () => {
    const provider = (await api()).testing.proceduresProvider;
    const items = (await roots()).map((n) => provider.getTreeItem(n));
    const labels = items.map((i) => i.label);
    assert.ok(labels.indexOf('Discectomy') === 0, `first procedure: ${labels[0]}`);
    assert.ok(labels.includes('Spinal fusion'));
    for (const item of items) assert.match(String(item.description), /^\d+$/);
  });

  it('procedure → topics → snippets, each snippet really tagged so', async () => {
    const provider = (await api()).testing.proceduresProvider;
    const fusion = (await roots()).find((n) => n.kind === 'procedure' && n.group.id === 'spinal-fusion')!;
    const topics = await provider.getChildren(fusion);
    assert.deepStrictEqual(
      topics.map((t) => provider.getTreeItem(t).label),
      ['Risks', 'Benefits', 'Outcomes', 'Recovery', 'Indications', 'About'],
    );
    for (const topic of topics) {
      assert.strictEqual(provider.getParent(topic), fusion);
      const snippets = await provider.getChildren(topic);
      assert.ok(snippets.length > 0);
      for (const node of snippets) {
        assert.ok(node.kind === 'snippet');
        assert.ok(node.snippet.procedures.includes('spinal-fusion'));
        assert.ok(topic.kind === 'topic' && node.snippet.topics.includes(topic.id.split('t:')[1]));
        const item = provider.getTreeItem(node);
        assert.strictEqual(item.contextValue, 'snippet');
        assert.strictEqual(item.description, node.snippet.source.title);
        assert.ok(String(item.label).length <= 80);
        const tooltip = item.tooltip as vscode.MarkdownString;
        assert.ok(tooltip instanceof vscode.MarkdownString);
        assert.ok(!tooltip.isTrusted && !tooltip.supportHtml);
      }
    }
  });

  it('Insert at Cursor from a tree item inserts the exact sentence', async () => {
    const a = await api();
    const restore = await (await import('./helpers')).setSetting('insert.citation', 'none');
    try {
      const provider = a.testing.proceduresProvider;
      const disc = (await roots())[0];
      const node = (await provider.getChildren((await provider.getChildren(disc))[0]))[0];
      assert.ok(node.kind === 'snippet');
      const editor = await openNew('Before. \n');
      editor.selection = new vscode.Selection(0, 8, 0, 8);
      const ok = await vscode.commands.executeCommand('clinicalWriter.insertSnippet', node);
      assert.strictEqual(ok, true);
      assert.strictEqual(editor.document.getText(), `Before. ${node.snippet.text}\n`);
    } finally {
      await restore();
    }
  });

  it('Reveal Procedure reveals a procedure in the view', async () => {
    await api();
    assert.strictEqual(await vscode.commands.executeCommand('clinicalWriter.revealProcedure', 'laminectomy'), true);
    assert.strictEqual(await vscode.commands.executeCommand('clinicalWriter.revealProcedure', 'no-such-procedure'), false);
  });

  it('a file added to a corpus folder shows up without a reload', async () => {
    const a = await api();
    const corpus = await extraCorpus({ 'first.txt': 'Team notes\nA laminectomy removes part of the lamina to relieve pressure.\n' });
    try {
      const before = await currentGeneration();
      fs.writeFileSync(
        path.join(corpus.dir, 'added.txt'),
        'Added later\nAn endoscopic discectomy uses a tube about eight millimetres wide.\n',
      );
      await waitFor(async () => (await currentGeneration()) > before, 'a re-index after the file was added', 15000);
      await a.testing.whenCorpusIdle();
      const hit = (await a.snippets()).find((s) => s.text.includes('eight millimetres'));
      assert.ok(hit, 'the new sentence is not in the corpus');
      const provider = a.testing.proceduresProvider;
      const disc = (await roots()).find((n) => n.kind === 'procedure' && n.group.id === 'discectomy')!;
      const all = (await Promise.all((await provider.getChildren(disc)).map((t) => provider.getChildren(t)))).flat();
      assert.ok(all.some((n) => n.kind === 'snippet' && n.snippet.id === hit.id), 'the new sentence is not in the tree');
    } finally {
      await corpus.restore();
    }
  });
});
