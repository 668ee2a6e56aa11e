import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../../unit/helpers';

const BIN = path.join(ROOT, 'bin', 'clinical-check.js');
const run = (args: string[], cwd: string) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });

describe('robustness: bad input through clinical-check', function () {
  this.timeout(90_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cw-cli-bad-'));
    writeFileSync(path.join(dir, 'binary.md'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00]));
    writeFileSync(path.join(dir, 'latin1.txt'), Buffer.from('Caf\xe9 cr\xe8me.\n', 'latin1'));
    writeFileSync(path.join(dir, 'empty.md'), '');
    writeFileSync(path.join(dir, 'utf16.md'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Fusion may limit spinal flexibility.\n', 'utf16le')]));
    mkdirSync(path.join(dir, 'folder.md'));
    symlinkSync(path.join(dir, 'nowhere.md'), path.join(dir, 'dangling.md'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const unreadable: Array<[string, string, RegExp]> = [
    ['a binary file', 'binary.md', /binary\.md: binary file/],
    ['invalid UTF-8', 'latin1.txt', /latin1\.txt: not valid UTF-8 text/],
    ['a directory', 'folder.md', /folder\.md: is a directory/],
    ['a dangling link', 'dangling.md', /dangling\.md: no such file/],
    ['a missing file', 'missing.md', /missing\.md: no such file/],
  ];
  for (const [what, file, message] of unreadable) {
    it(`exits 2 with one line and no stack trace for ${what}`, () => {
      const result = run([file], dir);
      assert.equal(result.status, 2);
      assert.deepEqual(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /\n\s+at |Error:/);
    });
  }

  it('checks the readable files even when others are unreadable, and still exits 2', () => {
    const result = run(['--format', 'json', 'binary.md', 'empty.md', 'utf16.md'], dir);
    assert.equal(result.status, 2);
    assert.deepEqual(JSON.parse(result.stdout), []);
  });

  it('reads an empty file and a UTF-16 file as documents', () => {
    const result = run(['empty.md', 'utf16.md'], dir);
    assert.equal(result.status, 0, result.stderr);
  });

  it('finishes a 5 MB document and reports the disagreement in it', () => {
    const wrong = 'Studies indicate that approximately 20-30% of patients report significant improvement in their symptoms.';
    // 38,000 sentences (5.2 MB): under the checker's 50,000-sentence cap per document.
    const faithful = 'Moreover, lifestyle factors like smoking, obesity, or poor general health can influence healing outcomes and increase complication risks. ';
    writeFileSync(path.join(dir, 'big.md'), (faithful.repeat(20) + '\n\n').repeat(1_900) + wrong + '\n');
    const result = run(['--format', 'json', 'big.md'], dir);
    assert.equal(result.status, 1, result.stderr);
    const findings = JSON.parse(result.stdout);
    assert.deepEqual(findings.filter((f: { severity: string }) => f.severity === 'warning').map((f: { code: string; line: number }) => [f.code, f.line]), [['number', 3_801]]);
  });

  it('names unusable corpus files on stderr and keeps going', () => {
    const corpus = path.join(dir, 'team-corpus');
    mkdirSync(corpus);
    writeFileSync(path.join(corpus, 'ok.txt'), 'Team Notes\nKyphoplasty restores vertebral height.\n');
    writeFileSync(path.join(corpus, 'scan.pdf'), '%PDF-1.4');
    writeFileSync(path.join(corpus, 'bad.txt'), Buffer.from([0, 1, 2, 3]));
    writeFileSync(path.join(corpus, 'broken.md'), '---\ntitle: [oops\n---\nText.\n');
    const result = run(['snippets', '--no-default-corpus', '--corpus', corpus, '--format', 'json'], dir);
    assert.equal(result.status, 0);
    assert.equal(JSON.parse(result.stdout).length, 1);
    assert.match(result.stderr, /bad\.txt: skipped: binary file/);
    assert.match(result.stderr, /broken\.md: skipped: malformed YAML front matter/);
    assert.doesNotMatch(result.stderr, /scan\.pdf/, 'other file types are skipped quietly on the command line (info level)');
  });
});
