#!/usr/bin/env node
// Installs and starts code-server (VS Code in the browser, from npm) for host tests,
// `npm start`-style manual runs and UI tests. Plain CommonJS, Node built-ins only.
//
//   node scripts/code-server.js install [--browser]   install code-server into .code-server/
//   node scripts/code-server.js start [workspace]     install if needed, start, print the URL
//   node scripts/code-server.js start --untrusted [workspace]   ... with the folder in restricted mode
//   node scripts/code-server.js path                  print the code-server entry script
//
// Background (see the team notes on VS Code host testing): Microsoft's VS Code download
// is unreachable on our machines, code-server@4.100.3 from npm is the real VS Code 1.100
// workbench + extension host and installs offline given a few workarounds, all below.
'use strict';

const childProcess = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const CODE_SERVER_VERSION = '4.100.3';
const CODE_SERVER_NODE_MAJOR = 20; // code-server 4.100.x's postinstall insists on Node 20
const INSTALL_DIR = path.join(ROOT, '.code-server');
const PACKAGE_DIR = path.join(INSTALL_DIR, 'node_modules', 'code-server');
const ENTRY = path.join(PACKAGE_DIR, 'out', 'node', 'entry.js');
const MARKER = path.join(INSTALL_DIR, '.installed');
const INSTALL_LOG = path.join(INSTALL_DIR, 'install.log');
const LOCK_DIR = path.join(INSTALL_DIR, '.lock');

// Expected values for code-server 4.100.3; the install derives the real ones from the
// package files and only falls back to these if the files cannot be read.
const KNOWN_RIPGREP_PACKAGE_VERSION = '1.15.11'; // lib/vscode/npm-shrinkwrap.json
const KNOWN_RIPGREP_TAG = 'v13.0.0-10'; // @vscode/ripgrep/lib/postinstall.js `VERSION`

const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Packages each need is met by, on Debian. */
const DEBIAN_PACKAGES = {
  install: ['libkrb5-dev', 'ripgrep'], // kerberos native module headers; rg for @vscode/ripgrep
  browser: ['chromium'],
};

const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'git.enabled': false,
};

/**
 * User settings for a window that opens in restricted mode (workspace trust on, folder not
 * trusted) with nothing modal in the way. Without `--disable-workspace-trust`, VS Code 1.100
 * would otherwise ask on first open (startupPrompt `once`: a modal dialog that blocks the
 * workbench until answered) and ask again before opening a file from outside the workspace
 * (untrustedFiles `prompt`, e.g. the bundled corpus behind "Open Source").
 */
const UNTRUSTED_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never', // no modal trust dialog: the folder just opens restricted
  'security.workspace.trust.untrustedFiles': 'open', // files outside the folder open (restricted) without a modal
  'security.workspace.trust.emptyWindow': false, // a window without a folder is untrusted too
  'security.workspace.trust.banner': 'always', // the "Restricted Mode" banner stays visible (manual runs, screenshots)
};

class SetupError extends Error {
  constructor(message) {
    super(message);
    this.name = 'SetupError';
  }
}

function log(message) {
  process.stderr.write(`[code-server] ${message}\n`);
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function which(command) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------
// Debian packages

function isDebian() {
  return which('dpkg-query') !== null && which('apt-get') !== null;
}

function missingDebianPackages(names) {
  return names.filter((name) => {
    const result = childProcess.spawnSync('dpkg-query', ['-W', '-f=${db:Status-Abbrev}', name], {
      encoding: 'utf8',
    });
    return result.status !== 0 || !result.stdout.startsWith('ii');
  });
}

/**
 * Makes sure the Debian packages are installed: installs the missing ones with apt-get when
 * running as root, otherwise throws a SetupError naming the exact command to run.
 * On non-Debian systems it only checks for the files the packages would provide.
 */
function ensureSystemPackages(names) {
  if (names.length === 0) return;
  if (!isDebian()) {
    const problems = [];
    if (names.includes('ripgrep') && !which('rg')) problems.push('ripgrep (`rg` on PATH)');
    if (names.includes('libkrb5-dev') && !fs.existsSync('/usr/include/gssapi/gssapi.h')) {
      problems.push('Kerberos development headers (gssapi/gssapi.h, e.g. krb5-devel / libkrb5-dev)');
    }
    if (names.includes('chromium') && !chromiumPath({ quiet: true })) {
      problems.push(`Chromium (set CHROMIUM_PATH, default ${DEFAULT_CHROMIUM})`);
    }
    if (problems.length) {
      throw new SetupError(`Not a Debian system; please install: ${problems.join('; ')}.`);
    }
    return;
  }
  const missing = missingDebianPackages(names);
  if (missing.length === 0) return;
  const command = `apt-get install -y ${missing.join(' ')}`;
  if (!isRoot()) {
    throw new SetupError(
      `Missing Debian packages: ${missing.join(', ')}. Install them with:\n\n` +
        `    sudo apt-get update && sudo ${command}\n`,
    );
  }
  log(`installing Debian packages: ${missing.join(' ')} (apt-get update + ${command})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const stdio = ['ignore', process.stderr, process.stderr];
  const update = childProcess.spawnSync('apt-get', ['update'], { stdio, env });
  if (update.status !== 0) throw new SetupError(`apt-get update failed (exit ${update.status}).`);
  const install = childProcess.spawnSync('apt-get', ['install', '-y', ...missing], { stdio, env });
  if (install.status !== 0) throw new SetupError(`${command} failed (exit ${install.status}).`);
  const still = missingDebianPackages(missing);
  if (still.length) throw new SetupError(`Still missing after apt-get: ${still.join(', ')}.`);
}

/** Path of the Chromium executable Playwright should drive (CHROMIUM_PATH overrides). */
function chromiumPath({ quiet = false } = {}) {
  const candidates = [process.env.CHROMIUM_PATH, DEFAULT_CHROMIUM, which('chromium')].filter(Boolean);
  for (const candidate of candidates) {
    if (fs.existsSync(candidate)) return candidate;
  }
  if (!quiet) throw new SetupError(`Chromium not found (looked at ${candidates.join(', ')}).`);
  return null;
}

/** Installs Debian's chromium if needed (as root) and returns its path. */
function ensureChromium() {
  if (process.env.CHROMIUM_PATH && fs.existsSync(process.env.CHROMIUM_PATH)) {
    return process.env.CHROMIUM_PATH;
  }
  ensureSystemPackages(DEBIAN_PACKAGES.browser);
  return chromiumPath();
}

// ---------------------------------------------------------------------------------------
// Install

function isInstalled() {
  try {
    return fs.readFileSync(MARKER, 'utf8').trim() === CODE_SERVER_VERSION && fs.existsSync(ENTRY);
  } catch {
    return false;
  }
}

function run(command, args, options = {}) {
  const result = childProcess.spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    const detail = `${result.stderr || ''}${result.stdout || ''}`.trim().split('\n').slice(-20).join('\n');
    throw new SetupError(`\`${command} ${args.join(' ')}\` failed (exit ${result.status}):\n${detail}`);
  }
  return result.stdout;
}

/** `npm pack <spec>` into dir (served from the npm cache after the first time); returns the .tgz path. */
function npmPack(spec, dir) {
  const out = run('npm', ['pack', spec, '--pack-destination', dir, '--json', '--silent'], { cwd: dir });
  const info = JSON.parse(out.slice(out.indexOf('[')));
  return path.join(dir, info[0].filename);
}

function readFromTarball(tgz, member) {
  return run('tar', ['-xzOf', tgz, member]);
}

/**
 * Works out which ripgrep release @vscode/ripgrep's postinstall will look for:
 * the @vscode/ripgrep version comes from code-server's lib/vscode/npm-shrinkwrap.json,
 * the release tag from @vscode/ripgrep's lib/postinstall.js.
 */
function deriveRipgrepVersions(scratch) {
  try {
    const serverTgz = npmPack(`code-server@${CODE_SERVER_VERSION}`, scratch);
    const shrinkwrap = JSON.parse(readFromTarball(serverTgz, 'package/lib/vscode/npm-shrinkwrap.json'));
    const entry = shrinkwrap.packages && shrinkwrap.packages['node_modules/@vscode/ripgrep'];
    if (!entry || !entry.version) throw new Error('no node_modules/@vscode/ripgrep in the shrinkwrap');
    const packageVersion = entry.version;
    const ripgrepTgz = npmPack(`@vscode/ripgrep@${packageVersion}`, scratch);
    const postinstall = readFromTarball(ripgrepTgz, 'package/lib/postinstall.js');
    const match = /\bconst VERSION\s*=\s*['"]([^'"]+)['"]/.exec(postinstall);
    if (!match) throw new Error('no `const VERSION` in @vscode/ripgrep/lib/postinstall.js');
    const tag = match[1];
    if (packageVersion !== KNOWN_RIPGREP_PACKAGE_VERSION || tag !== KNOWN_RIPGREP_TAG) {
      log(`note: ripgrep versions differ from the recorded ones: @vscode/ripgrep ${packageVersion}, tag ${tag}`);
    }
    return { packageVersion, tag };
  } catch (error) {
    log(`warning: could not derive ripgrep versions (${error.message.split('\n')[0]}); ` +
      `using @vscode/ripgrep ${KNOWN_RIPGREP_PACKAGE_VERSION}, tag ${KNOWN_RIPGREP_TAG}`);
    return { packageVersion: KNOWN_RIPGREP_PACKAGE_VERSION, tag: KNOWN_RIPGREP_TAG };
  }
}

function ripgrepTarget() {
  const arch = process.env.npm_config_arch || os.arch();
  if (process.platform !== 'linux') return null;
  if (arch === 'x64') return 'x86_64-unknown-linux-musl';
  if (arch === 'arm64') return 'aarch64-unknown-linux-musl';
  return null;
}

/**
 * @vscode/ripgrep's postinstall downloads rg from GitHub (unreachable here) unless
 * $TMPDIR/vscode-ripgrep-cache-<version>/ripgrep-<tag>-<target>.tar.gz already exists.
 * Put a tarball holding the system's rg there.
 */
function seedRipgrepCache(tmpdir, scratch) {
  const rg = which('rg');
  const target = ripgrepTarget();
  if (!rg || !target) {
    log('warning: no system rg or unsupported platform; @vscode/ripgrep will try to download rg');
    return;
  }
  const { packageVersion, tag } = deriveRipgrepVersions(scratch);
  const cacheDir = path.join(tmpdir, `vscode-ripgrep-cache-${packageVersion}`);
  const tarball = path.join(cacheDir, `ripgrep-${tag}-${target}.tar.gz`);
  if (fs.existsSync(tarball)) {
    const listing = childProcess.spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' });
    if (listing.status === 0 && listing.stdout.split('\n').some((line) => line.replace(/^\.\//, '') === 'rg')) {
      return;
    }
    fs.rmSync(tarball, { force: true });
  }
  fs.mkdirSync(cacheDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(scratch, 'rg-'));
  fs.copyFileSync(fs.realpathSync(rg), path.join(staging, 'rg'));
  fs.chmodSync(path.join(staging, 'rg'), 0o755);
  run('tar', ['-czf', tarball, '-C', staging, 'rg']);
  log(`seeded ${tarball} with ${rg}`);
}

function nodeHeadersDir() {
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return fs.existsSync(path.join(prefix, 'include', 'node', 'node.h')) ? prefix : null;
}

function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Serialises concurrent installs (two test runs starting at once) with a lock directory. */
function withInstallLock(fn) {
  fs.mkdirSync(INSTALL_DIR, { recursive: true });
  const deadline = Date.now() + 15 * 60 * 1000;
  let announced = false;
  for (;;) {
    try {
      fs.mkdirSync(LOCK_DIR);
      fs.writeFileSync(path.join(LOCK_DIR, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      let owner = NaN;
      try {
        owner = Number(fs.readFileSync(path.join(LOCK_DIR, 'pid'), 'utf8'));
      } catch {
        // lock being created or removed right now
      }
      const stale = Number.isInteger(owner) && owner > 0 && !pidAlive(owner);
      const ageMs = Date.now() - fs.statSync(LOCK_DIR, { throwIfNoEntry: false })?.mtimeMs;
      if (stale || (Number.isNaN(owner) && ageMs > 10000)) {
        fs.rmSync(LOCK_DIR, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new SetupError(`Timed out waiting for the install lock ${LOCK_DIR}.`);
      if (!announced) log(`waiting for another install (pid ${owner}) to finish`);
      announced = true;
      sleepSync(1000);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

/**
 * Installs code-server@4.100.3 into <repo>/.code-server/ (git-ignored, own package.json so
 * npm does not walk up into the project) unless it is already there. Synchronous; returns
 * { version, dir, entry }. Throws SetupError with a readable message on failure.
 * Pass { browser: true } to also make sure Chromium is there.
 */
function ensureCodeServer({ browser = false } = {}) {
  const result = { version: CODE_SERVER_VERSION, dir: INSTALL_DIR, entry: ENTRY };
  const needBrowser = browser && !(process.env.CHROMIUM_PATH && fs.existsSync(process.env.CHROMIUM_PATH));
  if (isInstalled()) {
    if (needBrowser) ensureChromium();
    return result;
  }

  const nodeMajor = Number(process.versions.node.split('.')[0]);
  if (nodeMajor !== CODE_SERVER_NODE_MAJOR) {
    throw new SetupError(
      `code-server ${CODE_SERVER_VERSION} requires Node ${CODE_SERVER_NODE_MAJOR}; this is Node ${process.versions.node}.`,
    );
  }
  // One apt-get run for everything that is missing.
  ensureSystemPackages([...DEBIAN_PACKAGES.install, ...(needBrowser ? DEBIAN_PACKAGES.browser : [])]);

  return withInstallLock(() => {
    if (isInstalled()) return result; // another process finished it while we waited
    const started = Date.now();
    log(`installing code-server@${CODE_SERVER_VERSION} into ${path.relative(process.cwd(), INSTALL_DIR) || '.'} ` +
      `(first run only, 1–2 minutes; log: ${INSTALL_LOG})`);
    fs.writeFileSync(
      path.join(INSTALL_DIR, 'package.json'),
      JSON.stringify(
        {
          name: 'clinical-writer-code-server',
          private: true,
          description: 'code-server for Clinical Writer host tests; installed by scripts/code-server.js',
          dependencies: { 'code-server': CODE_SERVER_VERSION },
        },
        null,
        2,
      ) + '\n',
    );
    fs.writeFileSync(path.join(INSTALL_DIR, '.gitignore'), '*\n');

    const tmpdir = os.tmpdir();
    const scratch = fs.mkdtempSync(path.join(tmpdir, 'cw-code-server-install-'));
    try {
      seedRipgrepCache(tmpdir, scratch);
      const env = {
        ...process.env,
        TMPDIR: tmpdir, // where @vscode/ripgrep looks for its cached tarball
        npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`
        npm_config_fund: 'false',
        npm_config_audit: 'false',
        npm_config_update_notifier: 'false',
      };
      const headers = nodeHeadersDir();
      if (headers) env.npm_config_nodedir = headers; // no header download for node-gyp
      delete env.npm_config_prefix; // a prefix would leak into code-server's nested npm install
      const logFd = fs.openSync(INSTALL_LOG, 'w');
      let status;
      try {
        // --unsafe-perm: code-server's postinstall refuses to run as root without it.
        const child = childProcess.spawnSync('npm', ['install', '--unsafe-perm', '--no-audit', '--no-fund'], {
          cwd: INSTALL_DIR,
          env,
          stdio: ['ignore', logFd, logFd],
        });
        if (child.error) throw child.error;
        status = child.status;
      } finally {
        fs.closeSync(logFd);
      }
      if (status !== 0 || !fs.existsSync(ENTRY)) {
        const tail = fs.readFileSync(INSTALL_LOG, 'utf8').trim().split('\n').slice(-40).join('\n');
        throw new SetupError(`npm install of code-server failed (exit ${status}); last lines of ${INSTALL_LOG}:\n${tail}`);
      }
      const installed = JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8')).version;
      if (installed !== CODE_SERVER_VERSION) {
        throw new SetupError(`expected code-server ${CODE_SERVER_VERSION} but npm installed ${installed}`);
      }
      fs.writeFileSync(MARKER, `${CODE_SERVER_VERSION}\n`);
      log(`installed code-server@${CODE_SERVER_VERSION} in ${Math.round((Date.now() - started) / 1000)} s`);
      return result;
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
}

// ---------------------------------------------------------------------------------------
// Start

function freePort(host) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function get(url, timeoutMs) {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: timeoutMs }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(0));
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function writeUserSettings(userDataDir, extra) {
  const file = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let existing = {};
  if (fs.existsSync(file)) {
    try {
      existing = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      log(`warning: leaving ${file} alone (not plain JSON)`);
      return;
    }
  }
  fs.writeFileSync(file, JSON.stringify({ ...existing, ...USER_SETTINGS, ...extra }, null, 2) + '\n');
}

/**
 * Starts code-server (installed with ensureCodeServer) bound to 127.0.0.1 on a free port,
 * with throwaway user-data / extensions / XDG dirs, in its own process group.
 *
 * options:
 *   workspace      folder to open (optional)
 *   extensionsDir  extensions folder (default: a temp dir, removed on stop)
 *   userDataDir    user data folder (default: a temp dir, removed on stop)
 *   settings       extra user settings merged over the defaults
 *   trust          true (default): workspace trust off (`--disable-workspace-trust`), every
 *                  folder trusted. false: workspace trust on and nothing trusted, so the
 *                  window opens in restricted mode with no prompt (UNTRUSTED_SETTINGS)
 *   env            extra environment for code-server and its extension host
 *   port           fixed port (default: a free one)
 *   onOutput       callback(text) receiving code-server's stdout/stderr
 *   timeoutMs      how long to wait for /healthz (default 60 s)
 *
 * Resolves to { url, port, host, trust, userDataDir, extensionsDir, pid, output(), exited, stop() };
 * stop() ends the whole process group and removes the temp dirs it created.
 */
async function startCodeServer(options = {}) {
  const { workspace, settings = {}, env: extraEnv = {}, onOutput, timeoutMs = 60000, trust = true } = options;
  if (!isInstalled()) ensureCodeServer();
  const host = '127.0.0.1';
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-code-server-'));
  const userDataDir = options.userDataDir ? path.resolve(options.userDataDir) : path.join(temp, 'user-data');
  const extensionsDir = options.extensionsDir ? path.resolve(options.extensionsDir) : path.join(temp, 'extensions');
  for (const dir of [userDataDir, extensionsDir, ...['config', 'data', 'cache', 'tmp'].map((d) => path.join(temp, d))]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  writeUserSettings(userDataDir, trust ? settings : { ...UNTRUSTED_SETTINGS, ...settings });

  const attempts = options.port ? 1 : 3; // a free port can be taken between probing and binding
  let lastError;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const port = options.port || (await freePort(host));
    try {
      return await launch({ port });
    } catch (error) {
      lastError = error;
      if (!error.exitedEarly) break;
    }
  }
  fs.rmSync(temp, { recursive: true, force: true });
  throw lastError;

  async function launch({ port }) {
    const configFile = path.join(temp, 'config.yaml');
    fs.writeFileSync(configFile, `bind-addr: ${host}:${port}\nauth: none\ncert: false\n`);
    const args = [
      ENTRY,
      '--config', configFile,
      '--auth', 'none',
      '--bind-addr', `${host}:${port}`,
      '--user-data-dir', userDataDir,
      '--extensions-dir', extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      ...(trust ? ['--disable-workspace-trust'] : []),
      '--disable-getting-started-override',
    ];
    if (workspace) args.push(path.resolve(workspace));
    const env = {
      ...process.env,
      XDG_CONFIG_HOME: path.join(temp, 'config'),
      XDG_DATA_HOME: path.join(temp, 'data'),
      XDG_CACHE_HOME: path.join(temp, 'cache'),
      TMPDIR: path.join(temp, 'tmp'), // its IPC sockets and the extension host's os.tmpdir()
      ...extraEnv,
    };
    delete env.PASSWORD;
    delete env.HASHED_PASSWORD;

    const child = childProcess.spawn(process.execPath, args, {
      cwd: workspace ? path.resolve(workspace) : temp,
      env,
      detached: true, // own process group: stop() can end the extension host & friends too
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk) => {
      const text = chunk.toString();
      output = (output + text).slice(-200000);
      if (onOutput) onOutput(text);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    let exitInfo = null;
    const exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        exitInfo = { code, signal };
        resolve(exitInfo);
      });
      child.on('error', (error) => {
        exitInfo = { code: null, signal: null, error };
        resolve(exitInfo);
      });
    });

    const killGroup = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    const ownTemp = temp;
    const cleanupOnExit = () => {
      killGroup('SIGKILL');
      fs.rmSync(ownTemp, { recursive: true, force: true });
    };
    process.on('exit', cleanupOnExit);

    let stopping = null;
    const stop = () => {
      if (!stopping) {
        stopping = (async () => {
          if (!exitInfo) {
            killGroup('SIGTERM');
            await Promise.race([exited, sleep(5000)]);
          }
          killGroup('SIGKILL'); // stragglers in the group (extension host, pty host, ...)
          await Promise.race([exited, sleep(2000)]);
          process.removeListener('exit', cleanupOnExit);
          fs.rmSync(ownTemp, { recursive: true, force: true });
        })();
      }
      return stopping;
    };

    const url = `http://${host}:${port}`;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (exitInfo) {
        process.removeListener('exit', cleanupOnExit);
        killGroup('SIGKILL');
        const error = new Error(
          `code-server exited during startup (${exitInfo.error ? exitInfo.error.message : `code ${exitInfo.code}, signal ${exitInfo.signal}`}):\n${output.trim()}`,
        );
        error.exitedEarly = true;
        throw error;
      }
      if ((await get(`${url}/healthz`, 2000)) === 200) break;
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs / 1000} s:\n${output.trim()}`);
      }
      await sleep(200);
    }
    return {
      url,
      port,
      host,
      trust,
      userDataDir,
      extensionsDir,
      pid: child.pid,
      exited,
      output: () => output,
      stop,
    };
  }
}

// ---------------------------------------------------------------------------------------
// CLI

async function main(argv) {
  const [command = 'install', ...rest] = argv;
  if (command === 'install') {
    const info = ensureCodeServer({ browser: rest.includes('--browser') });
    log(`code-server ${info.version} ready: ${info.entry}`);
    return 0;
  }
  if (command === 'path') {
    process.stdout.write(`${ensureCodeServer().entry}\n`);
    return 0;
  }
  if (command === 'start') {
    ensureCodeServer();
    const workspace = rest.find((arg) => !arg.startsWith('--'));
    const trust = !rest.includes('--untrusted');
    const server = await startCodeServer({ workspace, trust, onOutput: (text) => process.stderr.write(text) });
    const folder = workspace ? `/?folder=${encodeURIComponent(path.resolve(workspace))}` : '/';
    const mode = trust ? '' : ' in restricted mode (workspace trust on, folder not trusted)';
    process.stdout.write(`code-server listening on ${server.url}${folder}${mode}  (Ctrl+C to stop)\n`);
    await new Promise((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
      server.exited.then(resolve);
    });
    await server.stop();
    return 0;
  }
  process.stderr.write('usage: node scripts/code-server.js [install [--browser] | start [--untrusted] [workspace] | path]\n');
  return 2;
}

/** Headless Chromium flags for this closed network (no background calls) and for running as root. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

module.exports = {
  CHROMIUM_ARGS,
  CODE_SERVER_VERSION,
  INSTALL_DIR,
  ROOT,
  SetupError,
  UNTRUSTED_SETTINGS,
  chromiumPath,
  ensureChromium,
  ensureCodeServer,
  ensureSystemPackages,
  isInstalled,
  startCodeServer,
};

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`${error instanceof SetupError ? error.message : error.stack}\n`);
      process.exit(1);
    },
  );
}
