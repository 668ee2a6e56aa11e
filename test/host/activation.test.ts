// First tests inside the real VS Code extension host: the extension is found under its
// publisher.name id, activates, and writes its activation line to the "Clinical Writer"
// log output channel.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'clinical-writer.clinical-writer';
// e.g. "2026-11-21 07:35:17.123 [info] Clinical Writer 0.1.0 activated"
const ACTIVATION_LINE = /\[info\]\s+Clinical Writer\b.*\bactivated\b/;

async function waitFor<T>(probe: () => T | undefined | false, what: string, timeoutMs = 10000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function findFiles(dir: string, name: string): string[] {
  const found: string[] = [];
  if (!fs.existsSync(dir)) {
    return found;
  }
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      found.push(...findFiles(full, name));
    } else if (entry.name === name) {
      found.push(full);
    }
  }
  return found;
}

describe('Extension activation (real VS Code extension host)', () => {
  function extension(): vscode.Extension<unknown> {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded in the host`);
    return ext;
  }

  it(`is loaded as ${EXTENSION_ID}`, () => {
    const ext = extension();
    assert.strictEqual(ext.packageJSON.publisher, 'clinical-writer');
    assert.strictEqual(ext.packageJSON.name, 'clinical-writer');
    assert.strictEqual(ext.packageJSON.main, './dist/extension.js');
  });

  it('opens the fixture workspace', () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder is open');
    assert.ok(fs.existsSync(path.join(folder.uri.fsPath, 'leaflet.md')), 'leaflet.md missing from the workspace');
  });

  it('is active once a Markdown leaflet is open, and activate() resolves', async () => {
    const folder = vscode.workspace.workspaceFolders![0];
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'leaflet.md'));
    await vscode.window.showTextDocument(document);
    assert.strictEqual(document.languageId, 'markdown');
    assert.match(document.getText(), /back/i);

    const ext = extension();
    await waitFor(() => ext.isActive, 'the extension to activate');
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
  });

  it('logs its activation to the "Clinical Writer" log output channel', async function () {
    // The runner (scripts/run-host-tests.js) tells us where code-server keeps its logs; a
    // LogOutputChannel is backed by <logs>/<session>/exthost*/<extension id>/<name>.log.
    const userDataDir = process.env.HOST_TEST_USER_DATA_DIR;
    if (!userDataDir) {
      this.skip();
    }
    await extension().activate();
    const logsDir = path.join(userDataDir!, 'logs');
    const line = await waitFor(() => {
      for (const file of findFiles(logsDir, 'Clinical Writer.log')) {
        if (path.basename(path.dirname(file)) !== EXTENSION_ID) {
          continue;
        }
        const hit = fs
          .readFileSync(file, 'utf8')
          .split('\n')
          .find((text) => ACTIVATION_LINE.test(text));
        if (hit) {
          return hit;
        }
      }
      return undefined;
    }, 'an activation line in the Clinical Writer log channel');
    assert.match(line, ACTIVATION_LINE);
  });
});
