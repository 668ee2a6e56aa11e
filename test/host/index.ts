// Entry point for the tests that run inside a real VS Code extension host
// (code-server's, driven by scripts/run-host-tests.js; @vscode/test-electron uses the same
// `run()` contract). Runs every out/test/host/**/*.test.js and out/test/robustness/host/**/*.test.js
// with mocha's bdd UI.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

// out/test/host -> repo root. tsc never deletes outputs, so a compiled test whose source
// was deleted or renamed would keep running; skip those when the sources are around.
const REPO = path.resolve(__dirname, '..', '..', '..');
const OUT = path.join(REPO, 'out');
/** Compiled test folders, relative to out/ (and their sources relative to the repo). */
const TEST_DIRS = [path.join('test', 'host'), path.join('test', 'robustness', 'host')];

function hasSource(compiled: string): boolean {
  if (!fs.existsSync(path.join(REPO, 'test', 'host'))) {
    return true; // running from compiled output only
  }
  const relative = path.relative(OUT, compiled).replace(/\.js$/, '');
  return ['.ts', '.js'].some((extension) => fs.existsSync(path.join(REPO, relative + extension)));
}

function findTestFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      files.push(...findTestFiles(full));
    } else if (entry.isFile() && entry.name.endsWith('.test.js')) {
      files.push(full);
    }
  }
  return files.sort();
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec', // prints through console.log, which the host forwards to the runner
    color: false,
    timeout: 20000,
  });
  const grep = process.env.HOST_TEST_GREP;
  if (grep) {
    mocha.grep(grep);
  }

  return new Promise((resolve, reject) => {
    try {
      const found = TEST_DIRS.map((dir) => path.join(OUT, dir))
        .filter((dir) => fs.existsSync(dir))
        .flatMap((dir) => findTestFiles(dir));
      const files = found.filter(hasSource);
      if (files.length === 0) {
        throw new Error(`No host tests (*.test.js) found under ${__dirname}`);
      }
      for (const file of files) {
        mocha.addFile(file);
      }
      // scripts/run-host-tests.js shows the host's log from this line on.
      console.log(`[host-tests] mocha: ${files.length} test file(s) in ${TEST_DIRS.map((d) => path.join('out', d)).join(' and ')}${grep ? `, grep ${grep}` : ''}`);
      for (const stale of found.filter((file) => !files.includes(file))) {
        console.warn(`[host-tests] skipped ${stale}: stale compiled output, its source is gone`);
      }
      mocha.run((failures) => {
        if (failures > 0) {
          reject(new Error(`${failures} host test${failures === 1 ? '' : 's'} failed.`));
        } else {
          resolve();
        }
      });
    } catch (error) {
      console.error(error);
      reject(error);
    }
  });
}
