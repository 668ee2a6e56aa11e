import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli';
import { ROOT } from './helpers';

async function run(args: string[], cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd });
  return { code, stdout, stderr };
}

describe('clinical-check command line', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cw-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('search --format json prints one array of snippets with scores', async () => {
    const { code, stdout } = await run(['search', '--format', 'json', '--limit', '3', 'fuson', 'risks']);
    assert.equal(code, 0);
    const items = JSON.parse(stdout);
    assert.equal(items.length, 3);
    for (const item of items) {
      assert.equal(typeof item.score, 'number');
      assert.ok(item.procedures.includes('spinal-fusion'));
      assert.deepEqual(Object.keys(item.source).sort(), ['column', 'corpusPath', 'endColumn', 'endLine', 'file', 'line', 'title']);
    }
  });

  it('snippets lists every seed sentence and filters by procedure and topic', async () => {
    const all = JSON.parse((await run(['snippets', '--format', 'json'])).stdout);
    assert.equal(all.length, 118);
    const filtered = JSON.parse((await run(['snippets', '--procedure', 'Laminectomy', '--topic', 'risks', '--format', 'json'])).stdout);
    assert.ok(filtered.length > 0 && filtered.length < all.length);
    for (const s of filtered) assert.ok(s.procedures.includes('laminectomy') && s.topics.includes('risks'));
  });

  it('prints text results as file:line:column lines', async () => {
    const { stdout } = await run(['search', '--limit', '1', 'cerebrospinal']);
    assert.match(stdout, /^[\d.]+ +\S+\.txt:7:41: There is also the possibility of dural tears/);
  });

  it('--corpus adds a folder and --no-default-corpus leaves out the bundled one', async () => {
    writeFileSync(path.join(dir, 'team.txt'), 'Team Notes\nKyphoplasty restores vertebral height in some fractures.\n');
    const { stdout } = await run(['snippets', '--no-default-corpus', '--corpus', dir, '--format', 'json']);
    assert.deepEqual(JSON.parse(stdout).map((s: { text: string }) => s.text), ['Kyphoplasty restores vertebral height in some fractures.']);
  });

  it('check reads the files, prints JSON and exits 0 when nothing disagrees', async () => {
    const file = path.join(dir, 'ok.md');
    writeFileSync(file, '# Leaflet\n\nAs with any invasive procedure, complications can occur.\n');
    const { code, stdout } = await run(['check', '--format', 'json', file]);
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout), []);
  });

  const usageCases: Array<[string, string[], RegExp]> = [
    ['a missing file', ['check', 'no-such-file.md'], /no-such-file\.md: no such file/],
    ['a directory', ['check', '.'], /is a directory/],
    ['an unknown option', ['--bogus'], /Unknown option '--bogus'/],
    ['a bad format', ['search', '--format', 'xml', 'x'], /--format must be text or json/],
    ['a bad limit', ['search', '--limit', '0', 'x'], /--limit must be a positive whole number/],
    ['no files', ['check'], /no files to check/],
    ['an unknown procedure', ['snippets', '--procedure', 'kneeplasty'], /unknown procedure "kneeplasty"/],
  ];
  for (const [what, args, message] of usageCases) {
    it(`exits 2 with a one-line message for ${what}`, async () => {
      const { code, stderr } = await run(args);
      assert.equal(code, 2);
      assert.match(stderr.split('\n')[0], message);
      assert.ok(!/\n\s+at /.test(stderr), 'no stack trace');
    });
  }

  it('exits 2 for a binary file, through the real bin script', () => {
    const file = path.join(dir, 'image.md');
    writeFileSync(file, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a]));
    const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'clinical-check.js'), file], { encoding: 'utf8' });
    assert.equal(result.status, 2);
    assert.equal(result.stderr.trim().split('\n').length, 1);
    assert.match(result.stderr, /binary file/);
  });
});
