import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, api } from './helpers';

describe('Editor › activation, API and manifest', () => {
  it('activate() returns the API: search, check, snippets', async () => {
    const a = await api();
    assert.strictEqual(typeof a.search, 'function');
    assert.strictEqual(typeof a.check, 'function');
    const snippets = await a.snippets();
    assert.ok(snippets.length > 100, `expected the bundled corpus, got ${snippets.length} snippets`);
    assert.strictEqual(a.testing.corpusState(), 'ready');
  });

  it('search ranks a misspelt query: best match first, scores ascending', async () => {
    const a = await api();
    const results = await a.search('spinal fusoin infecton', 10);
    assert.ok(results.length > 0, 'no results for a misspelt query');
    assert.match(results[0].snippet.text, /infection/i);
    assert.ok(results[0].snippet.procedures.includes('spinal-fusion'), `top result not about fusion: ${results[0].snippet.text}`);
    for (let i = 1; i < results.length; i++) assert.ok(results[i - 1].score <= results[i].score, 'results not in score order');
  });

  it('search applies @procedure and topic: filters', async () => {
    const results = await (await api()).search('@fusion risks:', 50);
    assert.ok(results.length > 3);
    for (const r of results) {
      assert.ok(r.snippet.procedures.includes('spinal-fusion'), r.snippet.text);
      assert.ok(r.snippet.topics.includes('risks'), r.snippet.text);
    }
  });

  it('every contributed command is registered and in the Clinical Writer category', async () => {
    await api();
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    const registered = new Set(await vscode.commands.getCommands(true));
    const commands: Array<{ command: string; category: string }> = pkg.contributes.commands;
    assert.ok(commands.length >= 10);
    for (const c of commands) {
      assert.strictEqual(c.category, 'Clinical Writer', c.command);
      assert.ok(registered.has(c.command), `${c.command} is contributed but not registered`);
    }
    assert.ok(pkg.contributes.keybindings.some((k: { command: string }) => k.command === 'clinicalWriter.search'));
  });

  it('manifest: restricted mode supported, lazy activation, documented settings', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    assert.strictEqual(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepStrictEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations, ['clinicalWriter.corpus.paths', 'clinicalWriter.corpus.includeBundled']);
    assert.ok(!pkg.activationEvents.includes('*'), 'must not activate on startup');
    for (const e of ['onLanguage:markdown', 'onLanguage:plaintext', 'onView:clinicalWriter.procedures']) assert.ok(pkg.activationEvents.includes(e), e);
    const props: Record<string, { markdownDescription?: string; default?: unknown }> = pkg.contributes.configuration.properties;
    for (const key of ['corpus.paths', 'insert.citation', 'check.when', 'check.debounceMs', 'severity', 'languages', 'corpus.maxFileSize']) {
      const p = props[`clinicalWriter.${key}`];
      assert.ok(p, `setting clinicalWriter.${key} missing`);
      assert.ok(p.markdownDescription && p.default !== undefined, `clinicalWriter.${key} needs a markdownDescription and a default`);
    }
    assert.strictEqual((props['clinicalWriter.severity'].default as Record<string, string>).unsupported, 'information');
    assert.ok(pkg.contributes.viewsWelcome.some((w: { view: string; when: string }) => w.view === 'clinicalWriter.procedures' && /empty/.test(w.when)));
  });

  it('needs no workspace trust: the extension is active without a trust prompt', async () => {
    // The runner disables workspace trust, so this host is trusted; the manifest above is what
    // restricted mode reads. Here: nothing in activation asked for trust or required workspace code.
    assert.strictEqual(vscode.extensions.getExtension(EXTENSION_ID)!.isActive, true);
    assert.strictEqual(vscode.workspace.isTrusted, true);
  });
});
