// Issue 7, editor side: a messy corpus folder (clinicalWriter.corpus.paths → a temp dir).
// The extension stays up, the good files index, every bad one is named with its reason in
// the "Clinical Writer" output channel.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { api, EXTENSION_ID, waitFor } from '../../host/editor/helpers';
import { logLine, logText, tempCorpus } from './support';

function write(file: string, content: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

describe('Robustness › messy corpus folders (host)', function () {
  this.timeout(240000);

  it('indexes the good files and names every bad one with its reason; the extension stays up', async () => {
    const deep = Array.from({ length: 20 }, (_, i) => `level${i}`);
    const corpus = await tempCorpus((dir) => {
      write(path.join(dir, 'empty.txt'), '');
      write(path.join(dir, 'scan.pdf'), Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from([0, 1, 2, 0xff, 0, 0x80])]));
      write(path.join(dir, 'photo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
      write(path.join(dir, 'disguised.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]));
      write(path.join(dir, 'latin1.txt'), Buffer.from('Caf\xe9 notes\nA caf\xe9 sentence about the lumbar spine.\n', 'latin1'));
      write(path.join(dir, 'utf16.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Wide notes\nThe utf16 marker sentence says a brace is worn for six weeks.\n', 'utf16le')]));
      write(path.join(dir, 'bom.md'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('# Bom notes\n\nThe bommarker sentence says walking starts on the first day.\n')]));
      write(path.join(dir, 'crlf.txt'), 'Windows notes\r\nThe crlfmarker sentence says the stitches come out after ten days.\r\nA second crlfmarker line says swimming waits six weeks.\r\n');
      write(path.join(dir, 'huge.txt'), Buffer.alloc(20 * 1024 * 1024, 'Padding sentence. '));
      for (let i = 0; i < 10000; i++) write(path.join(dir, 'many', `d${Math.floor(i / 500)}`, `note-${i}.txt`), `Note ${i}\nSmallnote number ${i} says the dressing stays dry for two days.\n`);
      write(path.join(dir, ...deep.slice(0, 5), 'shallow.txt'), 'Shallow notes\nThe shallowmarker sentence sits five folders down.\n');
      write(path.join(dir, ...deep, 'deep.txt'), 'Deep notes\nThe deepmarker sentence sits twenty folders down.\n');
      fs.mkdirSync(path.join(dir, 'loops'), { recursive: true });
      fs.symlinkSync(dir, path.join(dir, 'loops', 'back-to-top'));
      fs.symlinkSync(path.join(dir, 'loops', 'self.txt'), path.join(dir, 'loops', 'self.txt'));
      write(path.join(dir, 'locked.txt'), 'Locked notes\nThe lockedmarker sentence may or may not be readable.\n');
      fs.chmodSync(path.join(dir, 'locked.txt'), 0);
      write(path.join(dir, 'node_modules', 'evil', 'index.md'), '# Not corpus\n\nThis nodemodulesmarker sentence must be skipped.\n');
    });
    try {
      const a = await api();
      assert.strictEqual(vscode.extensions.getExtension(EXTENSION_ID)!.isActive, true);
      assert.notStrictEqual(a.testing.corpusState(), 'error');
      const snippets = (await a.snippets()).filter((s) => s.source.file.startsWith(corpus.dir));
      const has = (marker: string) => snippets.find((s) => s.text.includes(marker));

      // Good files: indexed, with positions that hold their text when VS Code opens the file.
      for (const marker of ['utf16 marker', 'bommarker', 'crlfmarker', 'shallowmarker']) {
        const s = has(marker);
        assert.ok(s, `${marker}: not indexed`);
        const document = await vscode.workspace.openTextDocument(vscode.Uri.file(s.source.file));
        const range = new vscode.Range(s.source.line - 1, s.source.column - 1, s.source.endLine - 1, s.source.endColumn - 1);
        assert.strictEqual(document.getText(range), s.text, `${marker}: provenance`);
      }
      assert.strictEqual(snippets.filter((s) => s.text.includes('crlfmarker')).length, 2);
      assert.strictEqual(snippets.filter((s) => /^Smallnote number \d+ says/.test(s.text)).length, 10000, 'all 10,000 small files');
      for (const marker of ['deepmarker', 'nodemodulesmarker', 'Padding sentence', 'café sentence']) assert.ok(!has(marker), `${marker} should not be indexed`);

      // Bad files: each named with its reason.
      const named = async (file: string, reason: RegExp) => logLine([path.join(corpus.dir, file), reason], `a log line for ${file}`);
      await named('empty.txt', /no sentences found/);
      await named('scan.pdf', /not a \.txt or \.md document/);
      await named('photo.png', /not a \.txt or \.md document/);
      await named('disguised.txt', /binary file/);
      await named('latin1.txt', /not valid UTF-8/);
      await named('huge.txt', /20971520 bytes is over the 5242880-byte limit/);
      await named(path.join(...deep.slice(0, 16)), /deeper than 16 folders/);
      await named('loops/back-to-top', /symbolic link loop|already indexed/);
      await named('loops/self.txt', /symbolic link loop/);
      if (!has('lockedmarker')) await named('locked.txt', /permission denied/);
      else assert.strictEqual(process.getuid?.(), 0, 'an unreadable file was indexed although not running as root');
      assert.ok(!/\n\s+at .+:\d+:\d+\)?\n/.test(logText() ?? ''), 'a stack trace in the output channel');
    } finally {
      await corpus.restore();
    }
  });

  it('files deleted while indexing: the rest indexes, no crash', async () => {
    const corpus = await tempCorpus(
      (dir) => {
        for (let i = 0; i < 3000; i++) write(path.join(dir, 'going', `g${i}.txt`), `Going ${i}\nVanishing sentence ${i} about lumbar decompression.\n`);
        write(path.join(dir, 'stays.txt'), 'Stays\nThe staysmarker sentence survives the deletion.\n');
      },
      (dir) => fs.rmSync(path.join(dir, 'going'), { recursive: true, force: true }),
    );
    try {
      const a = await api();
      await waitFor(async () => (await a.search('staysmarker', 5)).some((r) => r.snippet.text.includes('staysmarker')), 'the surviving file to be searchable', 60000);
      assert.ok(['ready', 'empty'].includes(a.testing.corpusState()), a.testing.corpusState());
      const vanished = (logText() ?? '').split('\n').filter((l) => l.includes('vanished while indexing')).length;
      console.log(`      (files reported as vanished mid-index: ${vanished})`);
    } finally {
      await corpus.restore();
    }
  });
});
