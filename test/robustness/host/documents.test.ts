// Issue 7, editor side: hostile documents get diagnostics (or a clear "too large" message),
// ranges inside the document; issue 6: the extension host's event loop never stalls long
// while a big corpus indexes or a 5 MB document is checked.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { api, closeAll, openNew, setSetting, waitFor } from '../../host/editor/helpers';
import { makeLeaflet } from '../../../bench/leaflet';
import { StallReport, describeGap, longestStall } from '../../../bench/stallProbe';
import { writeSyntheticCorpus } from '../../../bench/syntheticCorpus';
import { hostSettled, logLine, profiled, tempCorpus } from './support';

/**
 * The bound asserted for the longest stall. The target is 50 ms; this CI box has 2 cores
 * shared with other runs (and VS Code's own work shares the thread), so the assertion is
 * generous and the real figure is printed.
 */
const OWN_BLOCK_BOUND_MS = Number(process.env.HOST_TEST_STALL_BOUND_MS) || 500;
/**
 * The whole thread's longest hold: its time on the CPU inside one probe gap, which also counts
 * VS Code's own work on it (the built-in Markdown features parse a 5 MB document, garbage
 * collection). Asserted only as "bounded" (the engine on this thread held it 4.7 s and 21 s).
 * It leaves out time the thread was off the CPU: waiting for one (on this 2-core box the
 * headless browser rendering the workbench kept a ready host thread waiting up to 1 s at a
 * time, runs traced with /proc schedstat) or asleep (in I/O, a lock, an idle event loop).
 * That is the machine's load, not blocking; the log line takes every gap apart. Work VS Code
 * leaves on the thread after a test is waited out first (`hostSettled`).
 */
const THREAD_HOLD_BOUND_MS = 2000;

/** The probe's figures for the log: the wall-clock stall and what the thread itself held. */
function stallLine(run: StallReport<unknown>): string {
  const same = run.longestHoldGap.ms === run.longestGap.ms && run.longestHoldGap.onCpuMs === run.longestGap.onCpuMs;
  const hold = same ? '' : `; longest hold ${describeGap(run.longestHoldGap)}`;
  return `longest extension-host stall ${describeGap(run.longestGap)}${hold}`;
}

async function checked(document: vscode.TextDocument): Promise<vscode.Diagnostic[]> {
  const a = await api();
  await a.check(document);
  const result = await waitFor(() => {
    const r = a.testing.diagnostics.result(document.uri);
    return r && r.version === document.version ? r : undefined;
  }, 'a check of the current version', 120000);
  return result.entries.map((e) => e.diagnostic);
}

function assertInside(document: vscode.TextDocument, diagnostics: readonly vscode.Diagnostic[]): void {
  for (const d of diagnostics) {
    assert.ok(document.validateRange(d.range).isEqual(d.range), `range outside the document: ${JSON.stringify(d.range)}`);
    assert.ok(!d.range.start.isAfter(d.range.end));
  }
}

let bundled: string[] | undefined;
async function sentences(): Promise<string[]> {
  bundled ??= (await (await api()).snippets()).map((s) => s.text);
  return bundled;
}

describe('Robustness › hostile documents (host)', function () {
  this.timeout(240000);
  // The workspace copy outlives this suite: megabyte Markdown files left in it could keep other
  // extensions on this thread busy later (VS Code's Markdown features read workspace files).
  const written: string[] = [];
  const openWritten = async (text: string): Promise<vscode.TextEditor> => {
    const editor = await openNew(text);
    written.push(editor.document.uri.fsPath);
    return editor;
  };
  afterEach(async () => {
    await closeAll();
    for (const file of written.splice(0)) fs.rmSync(file, { force: true });
  });

  it('baseline: the longest stall of this extension host when idle (for scale)', async () => {
    const idle = await longestStall(() => new Promise((resolve) => setTimeout(resolve, 3000)));
    console.log(`      idle 3 s: ${stallLine(idle)}`);
  });

  it('5 MB of Markdown: a clear "too large" message at the default cap; checked when the cap allows', async () => {
    const snippets = (await (await api()).snippets()).slice(0, 800);
    let text = '';
    for (let seed = 1; text.length < 5 * 1024 * 1024; seed++) text += makeLeaflet(snippets, 1000, seed) + '\n';
    const editor = await openWritten(text);
    const document = editor.document;
    await (await api()).check(document);
    await logLine([path.basename(document.uri.fsPath), /not checked, \d+ characters is over clinicalWriter\.check\.maxDocumentSize \(2000000\)/], 'the too-large message');
    assert.strictEqual((await api()).testing.diagnostics.result(document.uri), undefined);

    const restore = await setSetting('check.maxDocumentSize', 6_000_000);
    try {
      const a = await api();
      // VS Code's own work on opening 5 MB is not the check's: start from a quiet thread.
      const settledMs = await hostSettled();
      a.testing.takeLongestBlock();
      const run = await longestStall(() => checked(document));
      const own = a.testing.takeLongestBlock();
      console.log(`      5 MB check (after ${settledMs} ms for the host to settle): ${run.value.length} diagnostics in ${Math.round(run.ms)} ms; ${stallLine(run)}; longest own synchronous work ${own.ms.toFixed(1)} ms (${own.what})`);
      assert.ok(run.value.length > 0 && run.value.length <= 1000, `${run.value.length} diagnostics`);
      assertInside(document, run.value);
      assert.ok(own.ms < OWN_BLOCK_BOUND_MS, `the extension held the host ${own.ms.toFixed(1)} ms (${own.what}) while checking 5 MB`);
      assert.ok(run.maxHeldMs < THREAD_HOLD_BOUND_MS, `the extension host's thread was held ${describeGap(run.longestHoldGap)} while checking 5 MB`);
    } finally {
      await restore();
    }
  });

  it('a 1 MB single line, 100,000 short lines, NUL bytes, emoji and right-to-left text: diagnostics, ranges inside', async () => {
    const s = await sentences();
    const wrong = s.find((t) => /\d/.test(t)) ?? s[0];
    const cases: Array<[string, string]> = [
      ['1 MB single line', Array.from({ length: 8000 }, (_, i) => s[i % s.length]).join(' ').slice(0, 1024 * 1024)],
      ['100,000 short lines', Array.from({ length: 100000 }, (_, i) => (i % 50 === 0 ? s[i % s.length] : `- item ${i}`)).join('\n')],
      ['NUL bytes', `# Notes\n\n${s[0]}\u0000 ${s[1]}\n\n\u0000\u0000${wrong.replace(/\d+/, '97')}\u0000\n`],
      ['emoji, combining marks, RTL', `# 🩺 Notes\n\n👩🏽‍⚕️ ${s[2]} e\u0301\u0301\u0301 ${wrong.replace(/\d+/, '97')}\n\nהניתוח נמשך שעתיים. العملية تستغرق ساعتين. ${s[3]} 🦴\n`],
      ['regex-hostile', `# ((((\n\n${'1'.repeat(5000)} . . . . not not not not ${'(('.repeat(2000)} ${s[4]}\n`],
    ];
    for (const [name, text] of cases) {
      // VS Code will not open a file with NUL bytes as text ("seems to be binary"); a pasted NUL lands in an untitled or open document.
      const a = await api();
      a.testing.takeLongestBlock();
      const { value: run, top } = await profiled(() =>
        longestStall(async () => {
          const editor = text.includes('\u0000')
            ? await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'markdown', content: text }))
            : await openWritten(text);
          return { editor, diagnostics: await checked(editor.document) };
        }),
      );
      const own = a.testing.takeLongestBlock();
      const { editor, diagnostics } = run.value;
      assertInside(editor.document, diagnostics);
      console.log(`      ${name}: ${diagnostics.length} diagnostics; opened and checked in ${Math.round(run.ms)} ms; ${stallLine(run)}; longest own synchronous work ${own.ms.toFixed(1)} ms (${own.what})`);
      if (run.maxHeldMs >= 500) console.log(`      the thread's time went to: ${top}`);
      assert.ok(own.ms < OWN_BLOCK_BOUND_MS, `${name}: the extension held the host ${own.ms.toFixed(1)} ms (${own.what})`);
      if (name === 'NUL bytes' || name.startsWith('emoji')) assert.ok(diagnostics.length > 0, `${name}: no diagnostics`);
      // An untitled document would ask whether to save it: revert it and close.
      if (editor.document.isUntitled) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await closeAll();
    }
  });

  it(`indexing a 100,000-sentence corpus never stalls the extension host over the bound (target 50 ms)`, async () => {
    const seed = await (await api()).snippets();
    // Written before the measurement: writing files from this test would block this thread itself.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-robust-100k-'));
    writeSyntheticCorpus(dir, seed, 100_000);
    // A CI run and a local one (1 in 4 full runs) measured 3 s on this thread's CPU (0.7 s of it
    // GC) with 25 ms of our own work, while VS Code aborted a settings save for want of an
    // answer: work left from the test before. Opening the 100,000-line document holds this
    // thread for seconds in VS Code's own messages to the workbench (one profile: 7.3 s in
    // Node's IPC writeChannelMessage, 5.0 s in writeUtf8String, 5.8 ms of ours). So the
    // measurement starts from a quiet thread, and is profiled, so a long hold names its cause.
    const settledMs = await hostSettled();
    (await api()).testing.takeLongestBlock();
    const { value: run, top } = await profiled(() => longestStall(() => tempCorpus(() => {}, undefined, dir)));
    const own = (await api()).testing.takeLongestBlock();
    try {
      const a = await api();
      const count = (await a.snippets()).length;
      console.log(`      100k corpus (after ${settledMs} ms for the host to settle): ${count} snippets indexed in ${Math.round(run.ms)} ms; ${stallLine(run)}; longest own synchronous work ${own.ms.toFixed(1)} ms (${own.what})`);
      if (run.maxHeldMs >= 500) console.log(`      the thread's time went to: ${top}`);
      assert.ok(count > 90_000, `${count} snippets`);
      assert.ok(own.ms < OWN_BLOCK_BOUND_MS, `the extension held the host ${own.ms.toFixed(1)} ms (${own.what}) while indexing`);
      assert.ok(run.maxHeldMs < THREAD_HOLD_BOUND_MS, `the extension host's thread was held ${describeGap(run.longestHoldGap)} while indexing`);
      assert.ok((await a.search('spinal fusoin infecton', 5)).length > 0);
      // Searching meanwhile answers from the worker quickly.
      const search = await longestStall(() => a.search('lamnectomy recovry', 50));
      console.log(`      100k search: ${Math.round(search.ms)} ms, ${stallLine(search)}`);
      assert.ok(search.maxHeldMs < THREAD_HOLD_BOUND_MS);
    } finally {
      (await api()).testing.takeLongestBlock();
      const restore = await longestStall(() => run.value.restore());
      const ownRestore = (await api()).testing.takeLongestBlock();
      console.log(`      back to the bundled corpus: ${stallLine(restore)}; longest own synchronous work ${ownRestore.ms.toFixed(1)} ms (${ownRestore.what})`);
    }
  });
});
