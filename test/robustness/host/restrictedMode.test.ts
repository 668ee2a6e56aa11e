// Issue 7, "restricted mode works": the extension in a genuinely untrusted window (workspace
// trust on, the folder not trusted). Runs in the untrusted pass of scripts/run-host-tests.js
// (`--untrusted`, which `npm run test:host` runs after the normal pass with
// --grep "restricted mode"); in a trusted window the whole suite is skipped (pending, not passed).
//
// Workspace settings in restricted mode: VS Code drops a workspace (or folder) value for
// settings an extension lists in `capabilities.untrustedWorkspaces.restrictedConfigurations`
// (with `supported: "limited"`). Ours lists `clinicalWriter.corpus.paths` and
// `clinicalWriter.corpus.includeBundled`: an untrusted folder must not decide what counts as
// vetted, so its corpus folders are ignored until it is trusted. The last test pins that down.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { api, closeAll, diagnosticsWhere, EXTENSION_ID, ofKind, openNew, waitFor, workspaceDir } from '../../host/editor/helpers';

const DISAGREEING = 'Studies indicate that approximately 20-30% of patients report significant improvement in their symptoms.';
const WORKSPACE_SENTENCE = 'A zygapophyseal joint injection is usually given under local anaesthetic with X-ray guidance.';

describe('Robustness › restricted mode (untrusted workspace, host)', function () {
  this.timeout(120000);

  before(function () {
    const expectUntrusted = process.env.HOST_TEST_UNTRUSTED === '1';
    console.log(`[host-tests] vscode.workspace.isTrusted = ${vscode.workspace.isTrusted} (untrusted pass: ${expectUntrusted})`);
    if (vscode.workspace.isTrusted && !expectUntrusted) {
      this.skip(); // a trusted window: nothing to prove here (pending)
    }
    assert.strictEqual(vscode.workspace.isTrusted, false, 'the untrusted pass opened a trusted window: restricted mode is not being tested');
  });

  afterEach(closeAll);

  it('the extension activates in restricted mode when a Markdown document opens', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'extension not loaded: VS Code disables extensions that do not support untrusted workspaces');
    // An extension under development is never disabled by VS Code, so that would prove nothing;
    // the runner installs it instead (packageJSON is the extension description here).
    assert.strictEqual(ext.packageJSON.isUnderDevelopment, false, 'loaded through extensionDevelopmentPath: restricted mode cannot disable it');
    const untrusted = ext.packageJSON.capabilities?.untrustedWorkspaces;
    assert.strictEqual(untrusted?.supported, 'limited');
    assert.ok(untrusted?.restrictedConfigurations?.includes('clinicalWriter.corpus.paths'), 'workspace corpus folders are restricted');
    await openNew('# Restricted\n\nA first paragraph.\n');
    await waitFor(() => ext.isActive, 'activation (onLanguage:markdown)', 30000);
    assert.strictEqual(vscode.workspace.isTrusted, false);
  });

  it('the Procedures view has procedures', async () => {
    const a = await api();
    assert.strictEqual(a.testing.corpusState(), 'ready');
    await vscode.commands.executeCommand('clinicalWriter.procedures.focus');
    const procedures = await a.testing.proceduresProvider.getChildren();
    assert.ok(procedures.length > 0, 'no procedures in the view');
    const item = a.testing.proceduresProvider.getTreeItem(procedures[0]);
    assert.ok(typeof item.label === 'string' ? item.label : item.label?.label, 'a procedure without a label');
  });

  it('the search API returns vetted snippets', async () => {
    const results = await (await api()).search('70-90% improvement symptoms', 5);
    assert.ok(results.length > 0, 'no search results');
    assert.ok(results[0].snippet.text.includes('70-90%'), results[0].snippet.text);
  });

  it('a disagreeing sentence in a Markdown document gets a `number` diagnostic', async () => {
    await api();
    const editor = await openNew(`# Leaflet\n\n${DISAGREEING}\n`);
    const list = await diagnosticsWhere(editor.document.uri, (l) => ofKind(l, 'number').length > 0, 'a number diagnostic', 30000);
    const [number] = ofKind(list, 'number');
    assert.ok(editor.document.getText(number.range).includes('20-30%'), editor.document.getText(number.range));
    assert.ok(number.message.includes('70-90%'), number.message);
  });

  it('ignores clinicalWriter.corpus.paths from the workspace\'s .vscode/settings.json (a restricted setting)', async () => {
    const a = await api();
    const root = workspaceDir();
    const corpusDir = path.join(root, 'workspace-corpus');
    const settingsFile = path.join(root, '.vscode', 'settings.json');
    assert.ok(!fs.existsSync(settingsFile), 'the fixture has no .vscode/settings.json');
    fs.mkdirSync(corpusDir, { recursive: true });
    fs.writeFileSync(path.join(corpusDir, 'injections.txt'), `Facet joint injections\n${WORKSPACE_SENTENCE}\n`);
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    // Written as a cloned repository would bring it, not through the configuration API.
    fs.writeFileSync(settingsFile, JSON.stringify({ 'clinicalWriter.corpus.paths': ['workspace-corpus'] }, null, 2));
    try {
      const config = () => vscode.workspace.getConfiguration('clinicalWriter');
      // Give VS Code time to read the file (the settings change may trigger a re-index), then let indexing settle.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      await a.testing.whenCorpusIdle();
      assert.deepStrictEqual(config().get('corpus.paths'), [], 'the workspace value must not be the effective one');
      const hit = (await a.search('zygapophyseal joint injection anaesthetic', 5)).find((r) => r.snippet.text === WORKSPACE_SENTENCE);
      assert.strictEqual(hit, undefined, 'an untrusted workspace added sentences to the vetted corpus');
      assert.ok((await a.search('70-90% improvement symptoms', 1)).length > 0, 'the bundled corpus is still there');
      assert.strictEqual(vscode.workspace.isTrusted, false, 'still restricted');
    } finally {
      fs.rmSync(path.dirname(settingsFile), { recursive: true, force: true });
      fs.rmSync(corpusDir, { recursive: true, force: true });
    }
  });
});
