#!/usr/bin/env node
// Runs the extension's integration tests (out/test/host/index.js) inside a real VS Code
// extension host: code-server's, opened in headless Chromium via playwright-core.
//
//   npm run build && npm run compile-tests && npm run test:host
//   node scripts/run-host-tests.js [--timeout <seconds>] [--grep <pattern>] [--verbose]
//                                  [--tests <compiled test index.js>] [--untrusted | --with-untrusted]
//
// --untrusted runs the pass in a restricted-mode window (workspace trust on, the folder not
// trusted; the tests see HOST_TEST_UNTRUSTED=1). --with-untrusted (what `npm run test:host`
// uses) runs the normal pass and then a short untrusted pass of the restricted-mode suite
// only (--grep "restricted mode"); with an explicit --grep it skips that second pass.
//
// The workbench runs the suite because of the `payload` URL parameter (extensionDevelopmentPath
// + extensionTestsPath). When `run()` settles it calls window.codeAutomationExit(code) and
// forwards the extension host's console to window.codeAutomationLog(type, args); both are
// exposed to the page by Playwright before it loads. Exit code = the suite's exit code.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const util = require('util');
const codeServer = require('./code-server');

const ROOT = codeServer.ROOT;
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'workspace');
const DEFAULT_TESTS_INDEX = path.join(ROOT, 'out', 'test', 'host', 'index.js');
const RESULTS_DIR = path.join(ROOT, 'test-results');
/** The title part of test/robustness/host/restrictedMode.test.ts's suite the untrusted pass runs. */
const RESTRICTED_GREP = 'restricted mode';
const USAGE =
  'usage: run-host-tests.js [--timeout <s>] [--grep <pattern>] [--verbose] [--tests <index.js>] [--untrusted | --with-untrusted]';
const CHROMIUM_ARGS = codeServer.CHROMIUM_ARGS;

function parseArgs(argv) {
  const options = {
    timeoutSeconds: Number(process.env.HOST_TEST_TIMEOUT) || 300,
    grep: process.env.HOST_TEST_GREP || '',
    verbose: Boolean(process.env.HOST_TEST_VERBOSE),
    testsIndex: DEFAULT_TESTS_INDEX,
    untrusted: false,
    withUntrusted: false,
    grepGiven: Boolean(process.env.HOST_TEST_GREP),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--timeout') options.timeoutSeconds = Number(argv[++i]);
    else if (arg === '--grep') {
      options.grep = argv[++i] || '';
      options.grepGiven = true;
    } else if (arg === '--untrusted') options.untrusted = true;
    else if (arg === '--with-untrusted') options.withUntrusted = true;
    else if (arg === '--verbose') options.verbose = true;
    else if (arg === '--tests') options.testsIndex = path.resolve(argv[++i] || '');
    else {
      throw new Error(`unknown argument ${arg}\n${USAGE}`);
    }
  }
  if (!(options.timeoutSeconds > 0)) throw new Error('--timeout needs a positive number of seconds');
  if (options.untrusted && options.withUntrusted) throw new Error(`--untrusted and --with-untrusted exclude each other\n${USAGE}`);
  return options;
}

function say(message) {
  process.stderr.write(`[host-tests] ${message}\n`);
}

/** Fails early, with the command to run, when the compiled extension or tests are missing or stale. */
function checkBuildOutputs(testsIndex) {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const main = path.resolve(ROOT, pkg.main || 'dist/extension.js');
  const missing = [main, testsIndex].filter((file) => !fs.existsSync(file));
  if (missing.length) {
    throw new Error(
      `missing ${missing.map((file) => path.relative(ROOT, file)).join(' and ')}; ` +
        'run `npm run build && npm run compile-tests` first.',
    );
  }
  const hostSources = path.join(ROOT, 'test', 'host');
  const stale = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const compiled = path.join(ROOT, 'out', path.relative(ROOT, full)).replace(/\.ts$/, '.js');
        if (!fs.existsSync(compiled) || fs.statSync(compiled).mtimeMs < fs.statSync(full).mtimeMs) {
          stale.push(path.relative(ROOT, full));
        }
      }
    }
  };
  if (fs.existsSync(hostSources)) walk(hostSources);
  if (stale.length) say(`warning: not compiled or older than the source: ${stale.join(', ')} (npm run compile-tests)`);
}

function loadPlaywright() {
  try {
    return require(require.resolve('playwright-core', { paths: [ROOT] }));
  } catch {
    throw new Error('playwright-core is not installed; run `npm install` (it is a devDependency).');
  }
}

/**
 * For the untrusted pass: an extensions folder holding the project as an installed extension
 * (symlink named <publisher>.<name>-<version>) and a manifest-only runner extension.
 */
function installForRestrictedMode(temp) {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const extensionsDir = path.join(temp, 'extensions');
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.symlinkSync(ROOT, path.join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`), 'dir');
  const runnerDir = path.join(temp, 'test-runner');
  fs.mkdirSync(runnerDir, { recursive: true });
  const runner = {
    name: 'host-test-runner',
    publisher: 'clinical-writer-tests',
    version: '0.0.0',
    description: 'Carries extensionTestsPath for the untrusted host-test pass; no code of its own.',
    engines: pkg.engines && pkg.engines.vscode ? { vscode: pkg.engines.vscode } : { vscode: '*' },
    capabilities: { untrustedWorkspaces: { supported: true } },
  };
  fs.writeFileSync(path.join(runnerDir, 'package.json'), JSON.stringify(runner, null, 2) + '\n');
  return { extensionsDir, runnerDir };
}

function remoteUri(authority, file) {
  return `vscode-remote://${authority}${file.split(path.sep).map(encodeURIComponent).join('/')}`;
}

/** Console arguments as forwarded by the workbench, printf-style (mocha logs `'%s%s', indent, title`). */
function formatLogArgs(args) {
  const list = Array.isArray(args) ? args : [args];
  return util.formatWithOptions({ depth: 6, breakLength: 120 }, ...list);
}

// test/host/index.ts logs this first; workbench chatter before it is only shown with
// --verbose or when the suite never started.
const SUITE_START_MARKER = '[host-tests] mocha:';

async function main() {
  const options = parseArgs(process.argv.slice(2));
  checkBuildOutputs(options.testsIndex);
  codeServer.ensureCodeServer({ browser: true });
  const first = await runPass(options);
  if (!options.withUntrusted || first === 130) return first;
  if (options.grepGiven) {
    say(`skipping the restricted-mode pass (--grep given); run it with --untrusted --grep "${RESTRICTED_GREP}"`);
    return first;
  }
  const second = await runPass({ ...options, untrusted: true, grep: RESTRICTED_GREP });
  return first !== 0 ? first : second;
}

/** One code-server start, one workbench, one run of the suite; resolves to the exit code. */
async function runPass(options) {
  const started = Date.now();
  const pass = options.untrusted ? 'untrusted pass: ' : '';
  const executablePath = codeServer.chromiumPath();
  const { chromium } = loadPlaywright();

  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-host-tests-'));
  const workspace = path.join(temp, 'workspace');
  const userDataDir = path.join(temp, 'user-data');
  fs.cpSync(FIXTURE, workspace, { recursive: true });
  // VS Code never disables an extension under development (extensionDevelopmentPath), whatever
  // its manifest says about untrusted workspaces. So the untrusted pass installs the extension
  // (a symlink in the extensions folder: its manifest decides whether it runs in restricted
  // mode) and gives extensionDevelopmentPath to an empty runner extension that only carries
  // the test runner (extensionTestsPath).
  const installed = options.untrusted ? installForRestrictedMode(temp) : null;

  let server = null;
  let context = null;
  const removeTemp = () => fs.rmSync(temp, { recursive: true, force: true });
  process.on('exit', removeTemp); // last resort; code-server.js and Playwright kill their processes on exit too
  let interrupted = null;
  let onInterrupt = () => {};
  const interrupt = (signal) => {
    if (interrupted) {
      say(`${signal} again: exiting without waiting for a clean shutdown`);
      process.exit(130);
    }
    interrupted = signal;
    onInterrupt(signal);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, interrupt);

  let exitCode = 1;
  try {
    say(
      `${pass}starting code-server ${codeServer.CODE_SERVER_VERSION} on a copy of test/fixtures/workspace` +
        (options.untrusted ? ' in restricted mode (workspace trust on, folder not trusted)' : ''),
    );
    server = await codeServer.startCodeServer({
      workspace,
      userDataDir,
      extensionsDir: installed ? installed.extensionsDir : undefined,
      trust: !options.untrusted,
      // Seen by the extension host and so by the tests.
      env: {
        CLINICAL_WRITER_HOST_TESTS: '1',
        HOST_TEST_GREP: options.grep,
        HOST_TEST_USER_DATA_DIR: userDataDir,
        HOST_TEST_UNTRUSTED: options.untrusted ? '1' : '',
      },
      onOutput: options.verbose ? (text) => process.stderr.write(text.replace(/^/gm, '[code-server] ')) : undefined,
    });
    if (interrupted) throw new Error(`interrupted (${interrupted})`);

    context = await chromium.launchPersistentContext(path.join(temp, 'chromium-profile'), {
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 800 },
      // Our own handlers clean up (Playwright's would exit the process before code-server stops).
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    const page = context.pages()[0] || (await context.newPage());

    let settle;
    const outcome = new Promise((resolve) => (settle = resolve));
    onInterrupt = (signal) => settle({ kind: 'interrupted', signal });
    if (interrupted) onInterrupt(interrupted);
    // Both must exist before the workbench loads.
    await page.exposeFunction('codeAutomationExit', (code) => settle({ kind: 'exit', code: Number(code) }));
    let suiteStarted = false;
    const preamble = [];
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      let line = formatLogArgs(args);
      if (!line.endsWith('\n')) line += '\n';
      if (!suiteStarted && line.startsWith(SUITE_START_MARKER)) suiteStarted = true;
      if (suiteStarted || options.verbose) process.stdout.write(line);
      else preamble.push(`[workbench ${type}] ${line}`);
    });
    const showPreamble = () => {
      if (!suiteStarted && !options.verbose && preamble.length) {
        say('the test suite never started; workbench log:');
        process.stdout.write(preamble.join(''));
      }
    };
    if (options.verbose) {
      page.on('console', (message) => process.stderr.write(`[browser ${message.type()}] ${message.text()}\n`));
    }
    page.on('pageerror', (error) => say(`page error: ${error.message}`));
    page.on('crash', () => settle({ kind: 'failed', reason: 'the browser page crashed' }));
    page.on('close', () => settle({ kind: 'failed', reason: 'the browser page closed' }));
    server.exited.then((info) => settle({ kind: 'failed', reason: `code-server exited (code ${info.code}, signal ${info.signal})` }));
    const timer = setTimeout(() => settle({ kind: 'timeout' }), options.timeoutSeconds * 1000);

    const authority = `${server.host}:${server.port}`;
    const payload = [
      ['extensionDevelopmentPath', remoteUri(authority, installed ? installed.runnerDir : ROOT)],
      ['extensionTestsPath', remoteUri(authority, options.testsIndex)],
    ];
    const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    say(`${pass}running ${path.relative(process.cwd(), options.testsIndex)} in the extension host (timeout ${options.timeoutSeconds} s)${options.grep ? `, grep "${options.grep}"` : ''}`);
    page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 }).catch((error) => {
      settle({ kind: 'failed', reason: `could not load the workbench: ${error.message}` });
    });

    const result = await outcome;
    clearTimeout(timer);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (result.kind === 'exit') {
      exitCode = Number.isInteger(result.code) ? result.code : 1;
      if (exitCode !== 0) showPreamble();
      say(`${pass}${exitCode === 0 ? 'passed' : `FAILED (exit ${exitCode})`} in ${seconds} s`);
    } else if (result.kind === 'timeout') {
      exitCode = 1;
      showPreamble();
      say(`TIMEOUT: the suite did not finish within ${options.timeoutSeconds} s (raise it with --timeout).`);
      try {
        fs.mkdirSync(RESULTS_DIR, { recursive: true });
        const shot = path.join(RESULTS_DIR, `host-tests-${options.untrusted ? 'untrusted-' : ''}timeout-${new Date().toISOString().replace(/[:.]/g, '-')}.png`);
        await page.screenshot({ path: shot, timeout: 15000 });
        say(`screenshot of the workbench: ${path.relative(process.cwd(), shot)}`);
      } catch (error) {
        say(`could not take a screenshot: ${error.message}`);
      }
      say(`last code-server output:\n${server.output().trim().split('\n').slice(-30).join('\n')}`);
    } else if (result.kind === 'interrupted') {
      exitCode = 130;
      say(`interrupted (${result.signal}); cleaning up`);
    } else {
      exitCode = 1;
      showPreamble();
      say(`FAILED: ${result.reason}`);
      say(`last code-server output:\n${server.output().trim().split('\n').slice(-30).join('\n')}`);
    }
  } finally {
    if (context) {
      await Promise.race([context.close().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 10000))]);
    }
    if (server) await server.stop();
    removeTemp();
    process.removeListener('exit', removeTemp);
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.removeListener(signal, interrupt);
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
