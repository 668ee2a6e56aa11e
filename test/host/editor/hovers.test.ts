import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, closeAll, diagnosticsWhere, extraCorpus, hoverText, openNew, driftDraft, ofKind } from './helpers';

async function hoversAt(uri: vscode.Uri, position: vscode.Position): Promise<vscode.Hover[]> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers.filter((h) => hoverText(h).includes('Clinical Writer') || hoverText(h).includes('vetted corpus'));
}

const HOSTILE = 'Fusion surgery risk notes: see [open](command:workbench.action.terminal.new) and <img src=x onerror=alert(1)> before surgery';

function assertInert(text: string): void {
  assert.ok(!/\]\(command:workbench/.test(text), `a live command link: ${text}`);
  assert.ok(!text.includes('<img'), `raw HTML: ${text}`);
}

describe('Editor › hovers', () => {
  afterEach(closeAll);

  it('over a flagged sentence: the verdict and the source wording', async () => {
    const draft = await driftDraft();
    const editor = await openNew(draft.text);
    const [d] = ofKind(await diagnosticsWhere(editor.document.uri, (l) => ofKind(l, 'drift').length === 1, 'drift'), 'drift');
    const [hover] = await hoversAt(editor.document.uri, d.range.start.translate(0, 3));
    assert.ok(hover, 'no hover');
    const text = hoverText(hover);
    assert.match(text, /disagrees with the vetted source \(\w+\)/);
    assert.ok(text.includes('Source wording'));
    assert.ok(text.includes('herniated disc'), text);
    // The diagnostic's own hover already shows its message: ours does not repeat it.
    assert.ok(!text.includes(d.message.slice(0, 40)), `message shown twice: ${text}`);
  });

  it('over a word-for-word vetted sentence: agrees, with its source document', async () => {
    const [hit] = await (await api()).search('discectomy herniated', 1);
    const editor = await openNew(`# T\n\nIntro. ${hit.snippet.text}\n`);
    await (await api()).check(editor.document);
    const [hover] = await hoversAt(editor.document.uri, new vscode.Position(2, 10));
    assert.ok(hover, 'no hover');
    const text = hoverText(hover);
    assert.match(text, /agrees with the vetted source/);
    assert.ok(text.includes('The Back Surgeries Options Outcomes'), text);
    assert.ok(text.includes('command:clinicalWriter.openSource?'), 'Open Source link');
  });

  it('over a procedure name: a summary from the corpus and a reveal link', async () => {
    const editor = await openNew('# T\n\nWe discussed a discectomy today.\n');
    const line = editor.document.lineAt(2).text;
    const [hover] = await hoversAt(editor.document.uri, new vscode.Position(2, line.indexOf('discectomy') + 2));
    assert.ok(hover, 'no hover');
    const text = hoverText(hover);
    assert.ok(text.includes('Discectomy'));
    assert.match(text, /\d+ risk and \d+ benefit snippets/);
    assert.ok(text.includes('command:clinicalWriter.revealProcedure?'), text);
    assert.ok(hover.range && editor.document.getText(hover.range) === 'discectomy');
  });

  it('corpus text with a command link and HTML is inert in hover, tooltip and QuickPick', async () => {
    const corpus = await extraCorpus({ 'hostile.txt': `Hostile source\n${HOSTILE}\n` });
    try {
      const a = await api();
      const snippet = (await a.snippets()).find((s) => s.text.includes('onerror'));
      assert.ok(snippet, 'the hostile sentence was not indexed');
      assert.strictEqual(snippet.text, HOSTILE);

      // Hover over the sentence written word for word: agrees, shows the source text escaped.
      const editor = await openNew(`# T\n\n${HOSTILE}\n`);
      await a.check(editor.document);
      const hovers = await hoversAt(editor.document.uri, new vscode.Position(2, 30));
      const sentenceHover = hovers.find((h) => hoverText(h).includes('agrees'));
      assert.ok(sentenceHover, `no verdict hover: ${hovers.map(hoverText).join(' | ')}`);
      const text = hoverText(sentenceHover);
      assertInert(text);
      assert.ok(text.includes('onerror'), 'the source sentence is shown (escaped)');
      assert.ok(text.includes('\\[open\\]\\(command:workbench.action.terminal.new\\)'), text);

      // Tree tooltip: untrusted, no HTML, escaped.
      const provider = a.testing.proceduresProvider;
      const topics = (await Promise.all((await provider.getChildren()).map((p) => provider.getChildren(p)))).flat();
      const nodes = (await Promise.all(topics.map((t) => provider.getChildren(t)))).flat();
      const node = nodes.find((n) => n.kind === 'snippet' && n.snippet.id === snippet.id);
      assert.ok(node, 'hostile snippet not in the tree');
      const tooltip = provider.getTreeItem(node).tooltip as vscode.MarkdownString;
      assert.ok(!tooltip.isTrusted && !tooltip.supportHtml);
      assertInert(tooltip.value);

      // QuickPick: plain-text label (never rendered as Markdown), same text.
      const [result] = (await a.search('onerror', 5)).filter((r) => r.snippet.id === snippet.id);
      const [item] = a.testing.quickPickItems([result], { procedure: (x) => x, topic: (x) => x });
      assert.strictEqual(item.label, HOSTILE);
    } finally {
      await corpus.restore();
    }
  });
});
