#!/usr/bin/env node
// `npm start`: the extension in a real VS Code (code-server in your browser) on the example
// leaflet, until Ctrl+C.  `npm run start:desktop`: the same in an installed desktop VS Code.
//
//   node scripts/start.js [--port N] [--workspace DIR] [--no-build]
//   node scripts/start.js --desktop [--workspace DIR] [--no-build]
//
// code-server is installed on first use into the git-ignored .code-server/ (scripts/code-server.js,
// the same install the host tests use). The extension is loaded from this folder as a development
// extension through the workbench's `payload` URL parameter (code-server has no
// --extensionDevelopmentPath flag), so the printed address is the one to open.
'use strict';

const childProcess = require('child_process');
const fs = require('fs');
const net = require('net');
const path = require('path');
const codeServer = require('./code-server');

const ROOT = codeServer.ROOT;
const DEFAULT_WORKSPACE = path.join(ROOT, 'examples', 'leaflet-workspace');
const DEFAULT_FILE = 'back-surgery-leaflet.md';
const DEFAULT_PORT = 8080;

function say(message) {
  process.stderr.write(`[start] ${message}\n`);
}

function parseArgs(argv) {
  const options = {
    desktop: false,
    build: true,
    port: Number(process.env.PORT) || 0,
    workspace: DEFAULT_WORKSPACE,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--desktop') options.desktop = true;
    else if (arg === '--no-build') options.build = false;
    else if (arg === '--port') options.port = Number(argv[++i]);
    else if (arg === '--workspace') options.workspace = path.resolve(argv[++i] || '');
    else throw new codeServer.SetupError(`unknown argument ${arg}\nusage: start.js [--desktop] [--port N] [--workspace DIR] [--no-build]`);
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new codeServer.SetupError('--port needs a port number');
  }
  if (!fs.existsSync(options.workspace)) throw new codeServer.SetupError(`no such workspace folder: ${options.workspace}`);
  return options;
}

function build() {
  say('building the extension (npm run build)');
  const result = childProcess.spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new codeServer.SetupError(`npm run build failed (exit ${result.status})`);
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function remoteUri(authority, file) {
  return `vscode-remote://${authority}${file.split(path.sep).map(encodeURIComponent).join('/')}`;
}

function which(command) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    const candidate = dir && path.join(dir, command);
    if (candidate && fs.existsSync(candidate)) return candidate;
  }
  return null;
}

/** `npm run start:desktop`: an installed VS Code with --extensionDevelopmentPath. */
function startDesktop(options) {
  const code = process.env.VSCODE_BIN || ['code', 'code-insiders', 'codium'].map(which).find(Boolean);
  if (!code) {
    say('no desktop VS Code found: none of `code`, `code-insiders`, `codium` is on PATH (or set VSCODE_BIN).');
    say('Install VS Code from https://code.visualstudio.com/ and enable its `code` shell command, or use `npm start` (VS Code in the browser).');
    return 1;
  }
  if (options.build) build();
  const args = ['--new-window', `--extensionDevelopmentPath=${ROOT}`, options.workspace];
  if (options.workspace === DEFAULT_WORKSPACE) args.push(path.join(options.workspace, DEFAULT_FILE));
  say(`${code} ${args.join(' ')}`);
  const result = childProcess.spawnSync(code, args, { stdio: 'inherit' });
  return result.status ?? 1;
}

async function startBrowser(options) {
  // Fails with the exact apt-get command when Debian packages are missing and we are not root.
  codeServer.ensureCodeServer();
  if (options.build) build();

  let port = options.port;
  if (!port && (await portIsFree(DEFAULT_PORT))) port = DEFAULT_PORT;
  else if (port && !(await portIsFree(port))) throw new codeServer.SetupError(`port ${port} on 127.0.0.1 is in use; pick another with --port N (or PORT=N)`);

  let output = '';
  const server = await codeServer.startCodeServer({
    workspace: options.workspace,
    port: port || undefined,
    onOutput: (text) => {
      output += text;
      if (process.env.START_VERBOSE) process.stderr.write(text.replace(/^/gm, '[code-server] '));
    },
  });

  const authority = `${server.host}:${server.port}`;
  const payload = [['extensionDevelopmentPath', remoteUri(authority, ROOT)]];
  if (options.workspace === DEFAULT_WORKSPACE) {
    payload.push(['openFile', remoteUri(authority, path.join(options.workspace, DEFAULT_FILE))]);
  }
  const address = `${server.url}/?folder=${encodeURIComponent(options.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  process.stdout.write(
    `\nClinical Writer is running in VS Code (code-server ${codeServer.CODE_SERVER_VERSION}) on ${path.relative(process.cwd(), options.workspace) || '.'}.\n` +
      `Open this address in a browser on this machine (it listens on 127.0.0.1 only):\n\n  ${address}\n\n` +
      'Try: the Clinical Writer icon in the activity bar (Procedures), Ctrl+Alt+V in the leaflet (search),\n' +
      'hover a squiggle, Ctrl+. on it (Use the Source Wording). Edits are saved to the example files.\n' +
      'Press Ctrl+C to stop.\n\n',
  );

  const signal = await new Promise((resolve) => {
    for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(name, () => resolve(name));
    server.exited.then((info) => resolve(info));
  });
  if (typeof signal === 'string') {
    say(`${signal}: stopping code-server`);
    await server.stop();
    say('stopped');
    return 0;
  }
  say(`code-server exited unexpectedly (code ${signal.code}, signal ${signal.signal}); last output:\n${output.trim().split('\n').slice(-20).join('\n')}`);
  await server.stop();
  return 1;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  return options.desktop ? startDesktop(options) : startBrowser(options);
}

main().then(
  (code) => process.exit(code),
  (error) => {
    say(error instanceof codeServer.SetupError ? error.message : error.stack || String(error));
    process.exit(1);
  },
);
