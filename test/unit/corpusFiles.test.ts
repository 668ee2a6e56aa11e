import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadCorpus } from '../../src/core/corpus';
import { readListedFile } from '../../src/core/corpusFiles';
import { TAXONOMY_FILE } from './helpers';

describe('loading corpus folders', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cw-files-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const load = () => loadCorpus({ folders: [dir], taxonomyFile: TAXONOMY_FILE });

  it('loads Markdown with front matter, skipping code, comments and link targets', async () => {
    writeFileSync(
      path.join(dir, 'guide.md'),
      [
        '---',
        'title: Discectomy Guide',
        'source: https://example.org/discectomy',
        'reviewed: 2026-01-10',
        '---',
        '# Discectomy',
        '',
        'A discectomy removes part of a [herniated disc](https://example.org/x "t") that presses on a nerve.',
        '',
        '```',
        'Code is not a sentence.',
        '```',
        '<!-- a reviewer note is not a sentence -->',
        '- Most people go home **the same day** or the next.',
        '',
      ].join('\n'),
    );
    const corpus = await load();
    assert.equal(corpus.documents[0].title, 'Discectomy Guide');
    assert.equal(corpus.documents[0].meta.source, 'https://example.org/discectomy');
    assert.deepEqual(corpus.snippets.map((s) => s.text), [
      'A discectomy removes part of a herniated disc that presses on a nerve.',
      'Most people go home the same day or the next.',
    ]);
    assert.deepEqual([corpus.snippets[0].source.line, corpus.snippets[0].source.column], [8, 1]);
    assert.deepEqual([corpus.snippets[1].source.line, corpus.snippets[1].source.column], [14, 3]);
    assert.deepEqual(corpus.snippets[1].procedures, ['discectomy']);
  });

  it('takes a Markdown title from the first heading when there is no front matter', async () => {
    writeFileSync(path.join(dir, 'a.md'), '# Laminectomy Facts\n\nLaminectomy widens the spinal canal.\n');
    const corpus = await load();
    assert.equal(corpus.documents[0].title, 'Laminectomy Facts');
    assert.deepEqual(corpus.snippets.map((s) => s.text), ['Laminectomy widens the spinal canal.']);
  });

  it('skips other files, binaries, bad encodings and bad front matter with a message naming each', async () => {
    writeFileSync(path.join(dir, 'good.txt'), 'Title Here\nFusion joins vertebrae.\n');
    writeFileSync(path.join(dir, 'scan.pdf'), '%PDF-1.4');
    writeFileSync(path.join(dir, 'bin.txt'), Buffer.from([0x41, 0x00, 0x42]));
    writeFileSync(path.join(dir, 'latin1.txt'), Buffer.from([0x54, 0x0a, 0xe9, 0xe8, 0x2e]));
    writeFileSync(path.join(dir, 'broken.md'), '---\ntitle: [unclosed\n---\nText.\n');
    const corpus = await load();
    assert.deepEqual(corpus.snippets.map((s) => s.text), ['Fusion joins vertebrae.']);
    const reason = (name: string) => corpus.messages.find((m) => path.basename(m.file) === name)?.message ?? '';
    assert.match(reason('scan.pdf'), /not a \.txt or \.md document \(\.pdf\)/);
    assert.match(reason('bin.txt'), /binary/);
    assert.match(reason('latin1.txt'), /not valid UTF-8/);
    assert.match(reason('broken.md'), /malformed YAML front matter/);
  });

  it('reads UTF-8 with a BOM, UTF-16 and CRLF files with correct columns', async () => {
    writeFileSync(path.join(dir, 'bom.txt'), '\uFEFFBOM Title\r\nDisc replacement keeps motion.\r\n');
    writeFileSync(path.join(dir, 'utf16.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Wide Title\nLaminectomy helps.\n', 'utf16le')]));
    const corpus = await load();
    assert.deepEqual(corpus.snippets.map((s) => [s.text, s.source.line, s.source.column]), [
      ['Disc replacement keeps motion.', 2, 1],
      ['Laminectomy helps.', 2, 1],
    ]);
    assert.equal(corpus.documents[0].title, 'BOM Title');
  });

  it('reports a missing corpus folder and keeps the others', async () => {
    writeFileSync(path.join(dir, 'x.txt'), 'T\nFusion helps.\n');
    const corpus = await loadCorpus({ folders: [path.join(dir, 'missing'), dir], taxonomyFile: TAXONOMY_FILE });
    assert.equal(corpus.snippets.length, 1);
    assert.match(corpus.messages[0].message, /corpus folder not found/);
  });

  it('merges a team taxonomy.json found in a corpus folder', async () => {
    writeFileSync(path.join(dir, 'taxonomy.json'), JSON.stringify({ procedures: [{ id: 'kyphoplasty', label: 'Kyphoplasty', aliases: ['kyphoplasty'] }] }));
    writeFileSync(path.join(dir, 'k.txt'), 'Kyphoplasty Notes\nKyphoplasty treats fractures.\n');
    const corpus = await load();
    assert.deepEqual(corpus.snippets[0].procedures, ['kyphoplasty']);
    assert.equal(corpus.documents.length, 1, 'taxonomy.json is not a document');
  });

  it('walks sub-folders in a stable order', async () => {
    mkdirSync(path.join(dir, 'b'));
    mkdirSync(path.join(dir, 'a'));
    writeFileSync(path.join(dir, 'b', 'x.txt'), 'T\nSecond.\n');
    writeFileSync(path.join(dir, 'a', 'y.txt'), 'T\nFirst.\n');
    const corpus = await load();
    assert.deepEqual(corpus.snippets.map((s) => s.source.corpusPath), ['a/y.txt', 'b/x.txt']);
  });

  it('gives each file its path within its folder, with forward slashes, however the paths are written', () => {
    mkdirSync(path.join(dir, 'sub', 'deeper'), { recursive: true });
    const file = path.join(dir, 'sub', 'deeper', 'doc.txt');
    writeFileSync(file, 'T\nFusion helps.\n');
    const corpusPath = (folder: string, name: string) => readListedFile({ folder, file: name }).file?.corpusPath;
    assert.equal(corpusPath(dir, file), 'sub/deeper/doc.txt');
    assert.equal(corpusPath(dir + path.sep, file), 'sub/deeper/doc.txt', 'a folder written with a trailing separator');
    assert.equal(corpusPath(dir, `${dir}${path.sep}sub${path.sep}..${path.sep}sub${path.sep}deeper${path.sep}doc.txt`), 'sub/deeper/doc.txt', 'a file path with ".."');
    assert.equal(corpusPath(dir, `${dir}${path.sep}.${path.sep}sub${path.sep}${path.sep}deeper${path.sep}doc.txt`), 'sub/deeper/doc.txt', 'with "." and an empty segment');
    assert.equal(corpusPath(path.join(dir, 'sub', 'deeper', '..'), file), 'deeper/doc.txt', 'a folder written with ".."');
    assert.equal(corpusPath(path.join(dir, 'sub', 'deeper'), file), 'doc.txt');
  });
});
