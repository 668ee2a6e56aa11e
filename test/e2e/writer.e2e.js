#!/usr/bin/env node
// End-to-end UI test: what a medical writer does with Clinical Writer, in a real VS Code
// (code-server 4.100.3 in headless Debian Chromium, driven by playwright-core).
//
//   npm run build && npm run test:e2e
//   node test/e2e/writer.e2e.js [--vsix file.vsix] [--headed] [--timeout <seconds per step>]
//
// By default the extension is this folder, loaded as a development extension (the workbench's
// `payload` URL parameter). With --vsix the .vsix is installed into a fresh extensions folder
// (`code-server --install-extension`) and the same steps run against the installed extension.
//
// Steps: open the example leaflet from the explorer, see the squiggles and the Problems rows,
// hover the changed figure and read the source wording, apply "Use the Source Wording" from
// Ctrl+., open the Procedures view and insert a snippet from the tree, run the search command
// (Ctrl+Alt+V), type a misspelt query and insert the top result, save, check the file on disk.
// A screenshot per step goes to test-results/e2e/ (with --vsix: test-results/e2e-vsix/;
// git-ignored); a failing step leaves FAILED-<step>.png there and the error names the step.
//
// The selectors are VS Code 1.100 workbench internals (code-server 4.100.3 is pinned in
// scripts/code-server.js); they may need updating when that version changes.
'use strict';

const childProcess = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const codeServer = require('../../scripts/code-server');

const ROOT = codeServer.ROOT;
const EXAMPLE = path.join(ROOT, 'examples', 'leaflet-workspace');
const LEAFLET = 'back-surgery-leaflet.md';
const CHROMIUM_ARGS = codeServer.CHROMIUM_ARGS;
const VIEWPORT = { width: 1280, height: 800 };

// What the example leaflet is expected to show (see examples/leaflet-workspace/).
const CHANGED_FIGURE = '50-60%';
const SOURCE_FIGURE = '70-90%';
const MISSPELT_QUERY = 'fuson recovry'; // "fusion recovery", misspelt
const TOP_RESULT = /recovery from spinal fusion/i;

// VS Code 1.100 workbench selectors.
const SEL = {
  workbench: '.monaco-workbench',
  explorerRow: (name) => `.explorer-folders-view .monaco-list-row[aria-label="${name}"]`,
  editor: '.editor-group-container.active .monaco-editor[data-uri$="' + LEAFLET + '"]',
  activeTab: '.tabs-container .tab.active',
  squiggleWarning: '.squiggly-warning',
  squiggleInfo: '.squiggly-info',
  problemsRow: '.markers-panel .monaco-list-row',
  problemsStatus: '#status\\.problems a',
  hover: '.monaco-hover:not(.hidden)',
  actionWidget: '.action-widget',
  actionRow: '.action-widget .monaco-list-row.action',
  activityItem: (label) => `.activitybar .action-item a.action-label[aria-label^="${label}"]`,
  viewPane: '.pane-body[id^="workbench.view.extension.clinicalWriter"], .pane:has(.pane-header[aria-label^="Procedures"])',
  treeRow: '.monaco-list-row',
  quickInput: '.quick-input-widget',
  quickInputTitle: '.quick-input-widget .quick-input-title',
  quickInputBox: '.quick-input-widget .quick-input-box input',
  quickInputRow: '.quick-input-widget .quick-input-list .monaco-list-row',
};

function parseArgs(argv) {
  const options = { vsix: null, headed: false, stepTimeoutMs: (Number(process.env.E2E_STEP_TIMEOUT) || 60) * 1000 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--vsix') options.vsix = path.resolve(argv[++i] || '');
    else if (arg === '--headed') options.headed = true;
    else if (arg === '--timeout') options.stepTimeoutMs = Number(argv[++i]) * 1000;
    else throw new Error(`unknown argument ${arg}\nusage: writer.e2e.js [--vsix file.vsix] [--headed] [--timeout <seconds per step>]`);
  }
  if (!(options.stepTimeoutMs > 0)) throw new Error('--timeout needs a positive number of seconds');
  if (options.vsix && !fs.existsSync(options.vsix)) throw new Error(`no such file: ${options.vsix} (npm run package makes it)`);
  return options;
}

function say(message) {
  process.stderr.write(`[e2e] ${message}\n`);
}

function remoteUri(authority, file) {
  return `vscode-remote://${authority}${file.split(path.sep).map(encodeURIComponent).join('/')}`;
}

class StepError extends Error {}

/** Installs the .vsix into extensionsDir with code-server's own CLI. */
function installVsix(vsix, extensionsDir, userDataDir, temp) {
  const entry = path.join(codeServer.INSTALL_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(temp, 'xdg-config'),
    XDG_DATA_HOME: path.join(temp, 'xdg-data'),
    XDG_CACHE_HOME: path.join(temp, 'xdg-cache'),
  };
  const result = childProcess.spawnSync(
    process.execPath,
    [entry, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsix, '--force'],
    { encoding: 'utf8', env, timeout: 180000 },
  );
  const output = `${result.stdout || ''}${result.stderr || ''}`.trim();
  if (result.status !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`code-server --install-extension ${path.basename(vsix)} failed (exit ${result.status}):\n${output}`);
  }
  say(output.split('\n').filter((line) => /install/i.test(line)).join(' / '));
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const installed = fs.readdirSync(extensionsDir).find((name) => name.startsWith(`${pkg.publisher}.${pkg.name}-`));
  if (!installed) throw new Error(`the .vsix installed but ${extensionsDir} has no ${pkg.publisher}.${pkg.name}-* folder`);
  return path.join(extensionsDir, installed);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const RESULTS_DIR = path.join(ROOT, 'test-results', options.vsix ? 'e2e-vsix' : 'e2e');
  if (!options.vsix && !fs.existsSync(path.join(ROOT, 'dist', 'extension.js'))) {
    throw new Error('dist/extension.js is missing; run `npm run build` first.');
  }
  codeServer.ensureCodeServer({ browser: true });
  const executablePath = codeServer.chromiumPath();
  const { chromium } = require(require.resolve('playwright-core', { paths: [ROOT] }));

  fs.rmSync(RESULTS_DIR, { recursive: true, force: true });
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-e2e-'));
  const workspace = path.join(temp, 'leaflet-workspace');
  const userDataDir = path.join(temp, 'user-data');
  const extensionsDir = path.join(temp, 'extensions');
  fs.cpSync(EXAMPLE, workspace, { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const leafletPath = path.join(workspace, LEAFLET);
  const original = fs.readFileSync(leafletPath, 'utf8');

  let server = null;
  let context = null;
  let page = null;
  const removeTemp = () => fs.rmSync(temp, { recursive: true, force: true });
  process.on('exit', removeTemp);
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (interrupted) process.exit(130);
      interrupted = true;
      say(`${signal}: stopping`);
      Promise.resolve()
        .then(() => context && context.close())
        .catch(() => {})
        .then(() => server && server.stop())
        .finally(() => process.exit(130));
    });
  }

  let stepNumber = 0;
  let current = '';
  const shots = [];
  const shot = async (name) => {
    const file = path.join(RESULTS_DIR, `${String(stepNumber).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file });
    shots.push(path.relative(ROOT, file));
  };
  /** Runs one writer step; a failure leaves a screenshot and names the step. */
  const step = async (name, fn) => {
    stepNumber++;
    current = name;
    const t0 = Date.now();
    try {
      await fn();
    } catch (error) {
      const file = path.join(RESULTS_DIR, `FAILED-${String(stepNumber).padStart(2, '0')}-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
      let where = '';
      if (page) {
        try {
          await page.screenshot({ path: file, timeout: 15000 });
          where = `\n  screenshot: ${path.relative(process.cwd(), file)}`;
        } catch (shotError) {
          where = `\n  (no screenshot: ${shotError.message.split('\n')[0]})`;
        }
      }
      throw new StepError(`step ${stepNumber} "${name}" failed: ${error.message.split('\n').slice(0, 6).join('\n  ')}${where}`);
    }
    say(`ok ${stepNumber} ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  };

  let exitCode = 1;
  try {
    let developmentPath = ROOT;
    if (options.vsix) {
      say(`installing ${path.relative(process.cwd(), options.vsix)} into a fresh extensions folder`);
      developmentPath = null;
      const installedAt = installVsix(options.vsix, extensionsDir, userDataDir, temp);
      say(`installed as ${path.basename(installedAt)}`);
    }

    server = await codeServer.startCodeServer({
      workspace,
      userDataDir,
      extensionsDir,
      settings: {
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'chat.commandCenter.enabled': false,
        'editor.hover.delay': 200,
        'editor.hover.above': false,
        'editor.lightbulb.enabled': 'on',
        'editor.minimap.enabled': false,
        'files.autoSave': 'off',
      },
    });
    context = await chromium.launchPersistentContext(path.join(temp, 'chromium-profile'), {
      executablePath,
      headless: !options.headed,
      args: CHROMIUM_ARGS,
      viewport: VIEWPORT,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    context.setDefaultTimeout(options.stepTimeoutMs);
    page = context.pages()[0] || (await context.newPage());
    page.on('pageerror', (error) => say(`page error: ${error.message}`));

    const authority = `${server.host}:${server.port}`;
    let url = `${server.url}/?folder=${encodeURIComponent(workspace)}`;
    if (developmentPath) {
      const payload = [['extensionDevelopmentPath', remoteUri(authority, developmentPath)]];
      url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    }

    const editor = page.locator(SEL.editor);
    const editorText = async () => (await editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
    /** Puts the cursor at the end of the leaflet (the empty "Your notes" section). */
    const cursorToEnd = async () => {
      await editor.locator('.view-lines').click();
      await page.keyboard.press('Control+End');
    };
    /** Screen position of a piece of text in the editor (the first rendered occurrence). */
    const textBox = async (needle) => {
      const box = await editor.locator('.view-lines').evaluate((root, text) => {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const value = node.nodeValue.replace(/\u00a0/g, ' ');
          const index = value.indexOf(text);
          if (index >= 0) {
            const range = document.createRange();
            range.setStart(node, index);
            range.setEnd(node, index + text.length);
            const rect = range.getBoundingClientRect();
            return { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
          }
        }
        return null;
      }, needle);
      if (!box) throw new Error(`"${needle}" is not shown in the editor`);
      return box;
    };
    const waitForEditorText = async (predicate, what) => {
      const deadline = Date.now() + options.stepTimeoutMs;
      let text = '';
      while (Date.now() < deadline) {
        text = await editorText();
        if (predicate(text)) return text;
        await page.waitForTimeout(100);
      }
      throw new Error(`the editor never showed ${what}; it shows:\n${text.slice(0, 1500)}`);
    };
    const normalise = (text) => text.replace(/\s+/g, ' ');
    /** Waits until an overlay's fade-in/slide animations are over (for a clean screenshot). */
    const settled = (locator) =>
      locator.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished.catch(() => {}))).then(() => true));
    /** Drags the sash right of the side bar so the Procedures view shows whole sentences. */
    const widenSideBar = async (width) => {
      const sidebar = await page.locator('.part.sidebar').boundingBox();
      const sash = page.locator('.monaco-sash.vertical').filter({ visible: true });
      const boxes = await sash.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON()));
      const index = boxes.findIndex((b) => Math.abs(b.x + b.width / 2 - (sidebar.x + sidebar.width)) < 6 && b.height > 200);
      if (index < 0) throw new Error('no sash found at the right edge of the side bar');
      const b = boxes[index];
      await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
      await page.mouse.down();
      await page.mouse.move(sidebar.x + width, b.y + b.height / 2, { steps: 5 });
      await page.mouse.up();
    };

    await step('open the workbench', async () => {
      await page.goto(url, { waitUntil: 'domcontentloaded' });
      await page.locator(SEL.workbench).waitFor();
      await page.locator(SEL.explorerRow(LEAFLET)).waitFor();
      const title = await page.title();
      if (options.vsix && title.includes('Extension Development Host')) {
        throw new Error(`expected the installed extension only, but this is an extension development window (${title})`);
      }
      await shot('workbench');
    });

    await step('open the leaflet from the explorer', async () => {
      await page.locator(SEL.explorerRow(LEAFLET)).click();
      await editor.waitFor();
      await page.locator(SEL.activeTab, { hasText: LEAFLET }).waitFor();
      await waitForEditorText((text) => text.includes('Back surgery: a guide for patients'), 'the leaflet');
      await shot('leaflet-open');
    });

    await step('see the squiggles', async () => {
      // Four disagreements (number, modality, direction, absolute) and one unsupported claim.
      await page.waitForFunction(
        ({ editorSel, warn, info }) => {
          const root = document.querySelector(editorSel);
          return root && root.querySelectorAll(warn).length >= 4 && root.querySelectorAll(info).length >= 1;
        },
        { editorSel: SEL.editor, warn: SEL.squiggleWarning, info: SEL.squiggleInfo },
      );
      await shot('squiggles');
    });

    await step('see the rows in the Problems panel', async () => {
      await editor.locator('.view-lines').click();
      await page.keyboard.press('Control+Shift+M');
      const rows = page.locator(SEL.problemsRow);
      for (const text of [CHANGED_FIGURE, '"always"', '"longer"', 'risk', 'No vetted source found']) {
        await rows.filter({ hasText: text }).first().waitFor();
      }
      await shot('problems');
      // Close the panel again (Ctrl+J): room for the hover and the tree.
      await page.keyboard.press('Control+J');
      await page.locator('.part.panel').waitFor({ state: 'hidden' });
    });

    await step('hover the changed figure and read the source wording', async () => {
      const box = await textBox(CHANGED_FIGURE);
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const hover = page.locator(SEL.hover).filter({ hasText: 'Source wording' });
      await hover.waitFor();
      await settled(hover);
      const text = normalise(await hover.innerText());
      for (const expected of [SOURCE_FIGURE, 'Studies indicate that approximately', 'The Back Surgery Fusion Outcomes']) {
        if (!text.includes(expected)) throw new Error(`the hover does not show "${expected}"; it shows: ${text}`);
      }
      // Into the hover (it stays while the mouse is over it) and scroll to its source quote.
      const hoverBox = await hover.boundingBox();
      await page.mouse.move(hoverBox.x + hoverBox.width / 2, hoverBox.y + hoverBox.height - 12);
      await page.mouse.wheel(0, 400);
      const quote = hover.locator('blockquote').filter({ hasText: SOURCE_FIGURE }).first();
      await page.waitForFunction(
        ([h, q]) => {
          const outer = h.getBoundingClientRect();
          const inner = q.getBoundingClientRect();
          return inner.top >= outer.top && inner.bottom <= outer.bottom + 1;
        },
        [await hover.elementHandle(), await quote.elementHandle()],
        { polling: 100 },
      );
      await shot('hover-source-wording');
    });

    await step('apply "Use the Source Wording" with Ctrl+.', async () => {
      await page.mouse.move(5, VIEWPORT.height / 2); // away from the text: the hover closes
      const box = await textBox(CHANGED_FIGURE);
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await page.locator(SEL.hover).waitFor({ state: 'hidden' }).catch(() => {});
      await page.keyboard.press('Control+.');
      const fix = page.locator(SEL.actionRow, { hasText: 'Use the Source Wording' });
      await fix.waitFor();
      await page.locator(SEL.actionRow, { hasText: 'Open Source' }).first().waitFor();
      // Choose it from the keyboard, as the menu offers it ("Enter to Apply"); the row's own
      // click target re-renders while the list animates, so a mouse click is not reliable here.
      const rows = page.locator(SEL.actionRow);
      const labels = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')));
      const index = labels.indexOf('Use the Source Wording');
      const focused = await rows.evaluateAll((els) => els.findIndex((el) => el.classList.contains('focused')));
      for (let i = Math.max(focused, 0); i < index; i++) await page.keyboard.press('ArrowDown');
      for (let i = focused; i > index; i--) await page.keyboard.press('ArrowUp');
      await page.locator(`${SEL.actionRow}.focused`, { hasText: 'Use the Source Wording' }).waitFor();
      await settled(page.locator(SEL.actionWidget));
      await shot('quick-fix-menu');
      await page.keyboard.press('Enter');
      await page.locator(SEL.actionWidget).waitFor({ state: 'hidden' });
      await waitForEditorText(
        (text) => normalise(text).includes(`approximately ${SOURCE_FIGURE} of patients`) && !text.includes(CHANGED_FIGURE),
        `"${SOURCE_FIGURE}" in place of "${CHANGED_FIGURE}"`,
      );
      // Checked again after the edit: the number warning goes (the status bar counts 3 warnings, not 4).
      await page.waitForFunction(
        (sel) => /Warnings: 3\b/.test(document.querySelector(sel)?.getAttribute('aria-label') || ''),
        SEL.problemsStatus,
        { polling: 100 },
      ).catch(async () => {
        throw new Error(`the number warning did not go: the status bar says "${await page.locator(SEL.problemsStatus).getAttribute('aria-label')}"`);
      });
      await shot('quick-fix-applied');
    });

    let treeSnippet = '';
    await step('insert a snippet from the Procedures view', async () => {
      await cursorToEnd();
      await page.locator(SEL.activityItem('Clinical Writer')).click();
      const view = page.locator('.part.sidebar');
      const row = (label) => view.locator(`${SEL.treeRow}[aria-label^="${label}"]`).first();
      await row('Discectomy').waitFor();
      await widenSideBar(560);
      await row('Discectomy').click();
      const topic = view.locator(SEL.treeRow, { hasText: 'Risks' }).first();
      await topic.waitFor();
      await topic.click();
      // First vetted sentence under Discectomy > Risks: its aria-label is "<sentence> (source: <title>)".
      const snippetRow = view.locator(`${SEL.treeRow}[aria-level="3"]`).first();
      await snippetRow.waitFor();
      const label = await snippetRow.getAttribute('aria-label');
      treeSnippet = label.replace(/ \(source: [^)]*\)$/, '');
      if (!treeSnippet || treeSnippet === label) throw new Error(`unexpected tree item label: ${label}`);
      await snippetRow.hover();
      await shot('procedures-view');
      await snippetRow.locator('.actions .action-label[aria-label="Insert at Cursor"]').click();
      await waitForEditorText((text) => normalise(text).includes(normalise(treeSnippet).slice(0, 60)), `the inserted snippet "${treeSnippet}"`);
      await shot('procedures-inserted');
    });

    let searchSnippet = '';
    await step('search with Ctrl+Alt+V, misspelt, and insert the top result', async () => {
      await cursorToEnd();
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Control+Alt+V');
      await page.locator(SEL.quickInputTitle, { hasText: 'Search Vetted Snippets' }).waitFor();
      await page.locator(SEL.quickInputBox).pressSequentially(MISSPELT_QUERY, { delay: 20 });
      const top = page.locator(SEL.quickInputRow).first();
      await page.waitForFunction(
        ([sel, source]) => {
          const first = document.querySelector(sel);
          return first && new RegExp(source, 'i').test(first.getAttribute('aria-label') || first.textContent || '');
        },
        [SEL.quickInputRow, TOP_RESULT.source],
        { polling: 100 },
      ).catch(async (error) => {
        const rows = await page.locator(SEL.quickInputRow).evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')));
        throw new Error(`the top result never matched ${TOP_RESULT}; results: ${JSON.stringify(rows.slice(0, 5))} (${error.message.split('\n')[0]})`);
      });
      const label = (await top.locator('.label-name').first().innerText()).trim();
      searchSnippet = label;
      await settled(page.locator(SEL.quickInput));
      await shot('search-quickpick');
      await page.keyboard.press('Enter');
      await page.locator(SEL.quickInput).waitFor({ state: 'hidden' });
      await waitForEditorText((text) => normalise(text).includes(normalise(searchSnippet).slice(0, 60)), `the top search result "${searchSnippet}"`);
      await shot('search-inserted');
    });

    await step('save and check the file on disk', async () => {
      await editor.locator('.view-lines').click();
      await page.keyboard.press('Control+S');
      await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
      const deadline = Date.now() + options.stepTimeoutMs;
      let saved = '';
      const problems = [];
      while (Date.now() < deadline) {
        saved = fs.readFileSync(leafletPath, 'utf8');
        if (saved !== original) break;
        await page.waitForTimeout(100);
      }
      const flat = normalise(saved);
      if (saved === original) problems.push('the file on disk is unchanged');
      if (!flat.includes(`approximately ${SOURCE_FIGURE} of patients`) || saved.includes(CHANGED_FIGURE)) {
        problems.push(`the quick fix is not on disk ("${SOURCE_FIGURE}" for "${CHANGED_FIGURE}")`);
      }
      for (const [what, sentence] of [['the Procedures view snippet', treeSnippet], ['the search result', searchSnippet]]) {
        const at = flat.indexOf(normalise(sentence));
        if (at < 0) problems.push(`${what} is not on disk: "${sentence}"`);
        else if (!/^\s*<!-- cw-snippet: cw-[0-9a-z]+ -->/.test(flat.slice(at + normalise(sentence).length))) {
          problems.push(`${what} has no <!-- cw-snippet: … --> citation after it`);
        }
      }
      for (const untouched of ['"always" provides', 'recovery times are generally longer', 'Spinal fusion is a risk-free procedure']) {
        if (!flat.includes(untouched.replace(/"/g, ''))) problems.push(`an unrelated sentence changed: "${untouched}" is gone`);
      }
      if (problems.length) throw new Error(`${problems.join('; ')}\n--- file on disk ---\n${saved}`);
      await shot('saved');
    });

    exitCode = 0;
    say(`passed: ${stepNumber} steps in ${((Date.now() - started) / 1000).toFixed(1)} s${options.vsix ? ` (installed ${path.basename(options.vsix)})` : ''}`);
    say(`screenshots: ${path.relative(process.cwd(), RESULTS_DIR)}/ (${shots.length})`);
  } catch (error) {
    exitCode = 1;
    if (error instanceof StepError) say(`FAILED ${error.message}`);
    else say(`FAILED${current ? ` during "${current}"` : ''}: ${error instanceof codeServer.SetupError ? error.message : error.stack}`);
    if (server) say(`last code-server output:\n${server.output().trim().split('\n').slice(-15).join('\n')}`);
  } finally {
    if (context) await Promise.race([context.close().catch(() => {}), new Promise((r) => setTimeout(r, 10000))]);
    if (server) await server.stop();
    removeTemp();
    process.removeListener('exit', removeTemp);
  }
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    say(error instanceof codeServer.SetupError ? error.message : error.stack || String(error));
    process.exit(1);
  },
);
