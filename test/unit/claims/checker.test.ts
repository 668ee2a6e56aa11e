import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli';
import { ClaimChecker, warmUpDocument } from '../../../src/core/claims/checker';
import { Finding } from '../../../src/core/claims/finding';
import { indexCorpusFiles } from '../../../src/core/corpus';
import { bundledCorpus } from '../helpers';

// Every sentence here is written for these tests (not taken from the development set).

let checker: ClaimChecker;
before(async () => {
  checker = new ClaimChecker(await bundledCorpus());
});

const warnings = (text: string, format: 'text' | 'markdown' = 'text') => checker.check(text, format).filter((f) => f.severity === 'warning');
const codes = (text: string) => warnings(text).map((f) => f.code);

describe('claim checker: each kind of disagreement', () => {
  const cases: Array<[string, string]> = [
    ['number', 'Studies indicate that approximately 40-50% of patients report significant improvement in their symptoms.'],
    ['number', 'Spinal fusion involves permanently joining exactly two vertebrae to stabilise the spine.'],
    ['number', 'Complete fusion, where the bone fully integrates, usually takes about three weeks.'],
    ['negation', 'Laminectomy is not effective for treating spinal stenosis.'],
    ['negation', 'Lifestyle factors such as smoking or obesity do not influence healing outcomes.'],
    ['modality', 'Disc replacement always results in better preservation of spinal flexibility.'],
    ['modality', 'After a laminectomy, patients will experience postoperative instability and need a spinal fusion.'],
    ['quantifier', 'Most patients experience complications such as nerve injury, infection or persistent symptoms after back surgery.'],
    ['quantifier', 'All patients with localized pathology benefit from minimally invasive approaches.'],
    ['procedure', 'Laminectomy involves removing a damaged disc and replacing it with an artificial implant.'],
    ['procedure', 'Disc replacement permanently joins two or more vertebrae to eliminate painful motion.'],
    ['procedure', 'Foraminotomy is a type of disc replacement.'],
    ['direction', 'Minimally invasive techniques lead to slower recovery times.'],
    ['direction', 'Fusion may increase spinal flexibility.'],
    ['absolute', 'Spinal fusion carries no risk of non-union or adjacent segment degeneration.'],
    ['absolute', 'Back surgery is completely safe and free of complications.'],
  ];
  for (const [kind, sentence] of cases) {
    it(`${kind}: ${sentence}`, () => {
      const found = warnings(sentence);
      assert.ok(found.length > 0, 'expected a warning');
      assert.ok(found.some((f) => f.code === kind), `expected ${kind}, got ${found.map((f) => f.code).join(', ')}`);
      for (const f of found) {
        assert.ok(f.source, 'a warning names its source');
        assert.ok(f.message.includes(f.source!.title), 'the message names the source document');
        assert.ok(f.message.includes('"'), 'the message quotes the source');
        assert.equal(typeof f.replacement, 'string');
      }
    });
  }
});

describe('claim checker: faithful text stays quiet', () => {
  const quiet = [
    // hard negatives
    'Back surgery is not without risks.',
    'No surgical procedure is entirely without risks.',
    'Surgery is not always a cure-all.',
    'Discectomy does not address degenerative disc disease or spinal instability.',
    // verbatim, shortened, paraphrased
    'Success often hinges on proper patient selection, surgical expertise, and diligent postoperative care.',
    'Complete fusion may take between 6 months and a year.',
    'Roughly seventy to ninety percent of patients say their symptoms improved significantly, according to studies.',
    'Laminectomy takes away part of the lamina, a piece of vertebral bone, to relieve pressure in the spinal canal.',
    'A slipped disc pressing on a nerve root can be treated by discectomy, which removes part of the disc.',
    'Fusion may limit spinal flexibility.',
    'Endoscopic spine surgery uses small incisions and specialised instruments, so surgeons can operate with greater precision and less trauma to surrounding tissue.',
    // merged
    'Complications can occur with any invasive procedure, such as infections, excessive bleeding or blood clots.',
    'Some people may still feel some discomfort or have limitations while the fusion heals, which can take six months to a year.',
  ];
  for (const sentence of quiet) {
    it(sentence, () => assert.deepEqual(codes(sentence), []));
  }
});

describe('claim checker: unsupported text', () => {
  for (const sentence of [
    'Hip replacement surgery usually lasts between one and two hours.',
    'Cataract surgery replaces the cloudy lens of the eye with an artificial one.',
    'Thank you for choosing our hospital for your treatment.',
  ]) {
    it(`at most an information note: ${sentence}`, () => {
      const found = checker.check(sentence, 'text');
      assert.ok(found.every((f) => f.severity === 'information' && f.code === 'unsupported'), JSON.stringify(found));
    });
  }
});

describe('claim checker: ranges and output', () => {
  it('marks the words at fault with exact 1-based, end-exclusive ranges', () => {
    const text = 'Intro line.\nStudies indicate that approximately 40-50% of patients report significant improvement in their symptoms.\n';
    const [f] = warnings(text);
    assert.equal(f.code, 'number');
    assert.equal(f.line, 2);
    const line = text.split('\n')[1];
    assert.equal(line.slice(f.column - 1, f.endColumn - 1), '40-50%');
    assert.equal(f.replacement, '70-90%');
    assert.equal(f.source!.text, 'Studies indicate that approximately 70-90% of patients report significant improvement in their symptoms.');
    assert.ok(f.source!.file.endsWith('003_1fbb8bf97bb429d7.txt'));
    assert.ok(f.source!.line > 1);
  });

  it('covers the whole sentence when the fix is the source sentence', () => {
    const text = 'Laminectomy is not effective for treating spinal stenosis.';
    const [f] = warnings(text);
    assert.deepEqual([f.line, f.column, f.endLine, f.endColumn], [1, 1, 1, text.length + 1]);
    assert.equal(f.replacement, f.source!.text);
  });

  it('explain() gives each sentence its range, verdict and best source', () => {
    const verdicts = checker.explain('Fusion may limit spinal flexibility. Fusion may increase spinal flexibility. Thank you for choosing our hospital.', 'text');
    assert.deepEqual(verdicts.map((v) => v.verdict), ['agree', 'disagree', 'unsupported']);
    assert.equal(verdicts[1].column, 38);
    assert.ok(verdicts[0].source?.text.includes('limit spinal flexibility'));
    assert.equal(verdicts[1].findings[0].code, 'direction');
  });

  it('check() gives exactly the findings of explain(), in order, suppression, headings and notes included', () => {
    const text = [
      '# Fusion may increase spinal flexibility',
      '',
      'Fusion may limit spinal flexibility. Fusion may increase spinal flexibility. Our phone lines open at nine every weekday morning.',
      '',
      '<!-- clinical-check-disable-next-line -->',
      'Spinal fusion is completely risk-free.',
      '',
      '- Spinal fusion is completely risk-free.',
      '- Parking at the hospital costs four pounds per day.',
    ].join('\n');
    const fromExplain = checker.explain(text, 'markdown').flatMap((v) => v.findings);
    assert.deepEqual(new ClaimChecker(checker.corpus).check(text, 'markdown'), fromExplain);
    assert.deepEqual(fromExplain.map((f) => [f.line, f.code]), [
      [1, 'direction'],
      [3, 'direction'],
      [3, 'unsupported'],
      [8, 'absolute'],
      [9, 'unsupported'],
    ]);
  });

  it('is deterministic and caches per sentence', () => {
    const text = 'Fusion may increase spinal flexibility.\n\nBack surgery is completely safe.';
    assert.deepEqual(checker.check(text, 'text'), checker.check(text, 'text'));
    assert.deepEqual(new ClaimChecker(checker.corpus).check(text, 'text'), checker.check(text, 'text'));
  });

  it('re-checks edited documents exactly as a fresh checker checks them', () => {
    // One checker kept across edits (its block and sentence caches in play) against a fresh one per version.
    const kept = new ClaimChecker(checker.corpus);
    const versions = [
      'Fusion may increase spinal flexibility. Spinal fusion is completely risk-free.\n\nParking costs four pounds per day.',
      // the first paragraph edited: its sentences change, the second paragraph is reused
      'Fusion may reduce spinal flexibility. Spinal fusion is completely risk-free.\n\nParking costs four pounds per day.',
      // a line inserted above: every position moves down two lines
      '# Leaflet\n\nFusion may reduce spinal flexibility. Spinal fusion is completely risk-free.\n\nParking costs four pounds per day.',
      // the same paragraph text under a suppression comment, then as a list item
      '<!-- clinical-check-disable-next-line -->\nSpinal fusion is completely risk-free.\n\n- Spinal fusion is completely risk-free.',
      // The same block texts again at other places, each version after the one before (a block's
      // verdicts are reused only where they still fit): suppression lifted, the list item two
      // columns left, a paragraph wrapped over two lines, then with emphasis (characters dropped
      // inside the line), in a quote, with Windows and old Mac line breaks, and moved down a line.
      'Spinal fusion is completely risk-free.\n\nSpinal fusion is completely risk-free.',
      'Spinal fusion is completely\nrisk-free.\n\nSpinal fusion is\ncompletely risk-free.',
      'Spinal fusion is **completely**\nrisk-free.\n\nSpinal fusion is\ncompletely risk-free.',
      '> Spinal fusion is completely\n> risk-free.\n\n> Spinal fusion is\n> completely risk-free.',
      'Spinal fusion is completely\r\nrisk-free.\r\n\r\nSpinal fusion is\r\ncompletely risk-free.',
      'Spinal fusion is completely\rrisk-free.\r\rSpinal fusion is\rcompletely risk-free.',
      '\nSpinal fusion is completely\rrisk-free.\r\rSpinal fusion is\rcompletely risk-free.',
      // Pairs alike in all but one thing a reused verdict would get wrong: where a list item's text
      // starts; which characters emphasis drops (the figure's columns); where a line break sits in
      // a comment; whether the line is suppressed.
      '- Spinal fusion is completely risk-free.',
      '10. Spinal fusion is completely risk-free.',
      'Complete fusion, where the bone fully integrates, usually takes about **three** weeks.',
      'Complete fusion, where the bone **fully** integrates, usually takes about three weeks.',
      'Spinal fusion is completely <!--\n-->risk-free.',
      'Spinal fusion is completely <!---->\nrisk-free.',
      'Intro.\n<!-- clinical-check-disable-next-line -->\nSpinal fusion is completely risk-free.',
      'Intro.\n<!-- clinical-check-disable-next-lime -->\nSpinal fusion is completely risk-free.',
    ];
    for (const text of versions) {
      for (const format of ['markdown', 'text'] as const) {
        assert.deepEqual(kept.explain(text, format), new ClaimChecker(checker.corpus).explain(text, format));
        assert.deepEqual(kept.check(text, format), new ClaimChecker(checker.corpus).check(text, format));
      }
    }
    // Hand-checked: the safety claim is flagged on line 3 of the third version, and not when suppressed.
    assert.ok(kept.check(versions[2], 'markdown').some((f) => f.line === 3 && f.code === 'absolute'));
    assert.deepEqual(kept.check(versions[3], 'markdown').filter((f) => f.code === 'absolute').map((f) => f.line), [4]);
  });

  it('warms up on slips of its own corpus and leaves later answers as they were', () => {
    const corpus = checker.corpus;
    const document = warmUpDocument(corpus.snippets, 30);
    // Built as documented: a heading, 30 corpus sentences in paragraphs of four, one unsupported line.
    assert.ok(document.startsWith('# Warm-up\n\n'));
    assert.equal(document.split('\n\n').length, 1 + Math.ceil(30 / 4) + 1);
    assert.ok(document.includes(corpus.snippets[0].text), 'the first sentence is quoted as it is');
    assert.ok(document.includes('completely risk-free'));
    // It exercises the comparison paths: every third sentence is called risk-free, which the sources contradict.
    const found = new Set(new ClaimChecker(corpus).check(document, 'markdown').map((f) => f.code));
    for (const code of ['absolute', 'unsupported'] as const) assert.ok(found.has(code), `warm-up finds ${code}: ${[...found]}`);
    assert.ok(found.has('number') || found.has('modality'), `warm-up finds a slipped figure or hedge: ${[...found]}`);
    const text = 'Fusion may increase spinal flexibility.\n\nBack surgery is completely safe. Parking costs four pounds per day.';
    const warmed = new ClaimChecker(corpus);
    warmed.warmUp();
    for (const format of ['markdown', 'text'] as const) {
      assert.deepEqual(warmed.explain(text, format), new ClaimChecker(corpus).explain(text, format));
      assert.deepEqual(warmed.explain(document, format), new ClaimChecker(corpus).explain(document, format));
    }
    new ClaimChecker({ ...corpus, snippets: [] }).warmUp(); // an empty corpus: nothing to quote, no error
  });

  it('hands out findings callers may change without changing later answers', () => {
    const text = 'Spinal fusion is completely risk-free.';
    const first = checker.check(text, 'text');
    assert.ok(first[0]?.source);
    first[0].source!.text = 'changed';
    first[0].message = 'changed';
    assert.notEqual(checker.check(text, 'text')[0].source!.text, 'changed');
    assert.notEqual(checker.check(text, 'text')[0].message, 'changed');
  });

  it('never throws on odd input', () => {
    const odd = [
      '',
      '\u0000\u0001\u0002 binary \uFFFD\uFFFD',
      'a'.repeat(200000),
      ('Fusion may increase spinal flexibility. ' + '\u{1F600}\u0301 ').repeat(2000),
      '-'.repeat(5000) + '%%%% 1-2-3-4-5 or or or more',
      '```\nunterminated fence\nFusion may increase spinal flexibility.',
    ];
    for (const text of odd) {
      assert.doesNotThrow(() => checker.check(text, 'markdown'));
      assert.doesNotThrow(() => checker.check(text, 'text'));
    }
  });
});

describe('claim checker: Markdown', () => {
  const wrong = 'Fusion may increase spinal flexibility.';
  const lineOf = (fs: Finding[]) => fs.filter((f) => f.severity === 'warning').map((f) => f.line);

  it('skips front matter, code, comments and link targets', () => {
    const md = [
      '---',
      `title: ${wrong}`,
      '---',
      '```',
      wrong,
      '```',
      `<!-- ${wrong} -->`,
      '    ' + wrong,
      '',
      'See [the leaflet](https://example.org/Fusion-may-increase-spinal-flexibility) for details.',
      `Inline \`${wrong}\` code is skipped.`,
    ].join('\n');
    assert.deepEqual(lineOf(checker.check(md, 'markdown')), []);
  });

  it('checks headings, list items and table cells', () => {
    const md = [`# ${wrong}`, '', `- ${wrong}`, '', '| claim | note |', '| --- | --- |', `| ${wrong} | ok |`].join('\n');
    assert.deepEqual(lineOf(checker.check(md, 'markdown')), [1, 3, 7]);
  });

  it('honours disable-next-line and disable/enable', () => {
    const md = [
      '<!-- clinical-check-disable-next-line -->',
      wrong,
      '',
      '<!-- clinical-check-disable -->',
      wrong,
      '',
      wrong,
      '<!-- clinical-check-enable -->',
      '',
      wrong,
    ].join('\n');
    assert.deepEqual(lineOf(checker.check(md, 'markdown')), [10]);
  });

  it('honours disable-line on its own line only (what Ignore This Line inserts)', () => {
    const md = [`${wrong} <!-- clinical-check-disable-line -->`, '', wrong].join('\n');
    assert.deepEqual(lineOf(checker.check(md, 'markdown')), [3]);
  });

  it('keeps ranges exact through inline markup', () => {
    const md = 'Intro.\n\n**Fusion** may *increase* spinal flexibility.';
    const [f] = warnings(md, 'markdown');
    assert.equal(f.line, 3);
    assert.equal(md.split('\n')[2].slice(f.column - 1, f.endColumn - 1), 'increase');
  });
});

describe('claim checker: a corpus sentence quoted verbatim', () => {
  // Written for these tests: a sentence, and a near-copy without its opening words.
  const quoted = 'For many people, back pain is a common ailment that affects millions worldwide.';
  const shorter = 'Back pain is a common ailment that affects millions worldwide.';
  const corpusOf = (docs: Array<{ title: string; text: string }>) =>
    indexCorpusFiles(
      docs.map(({ title, text }, i) => ({ file: `/corpus/doc-${i}.txt`, folder: '/corpus', corpusPath: `doc-${i}.txt`, text: `${title}\n${text}\n` })),
      checker.corpus.taxonomy,
    );

  it('cites the sentence it quotes even when retrieval ranks a dozen near-copies above it', () => {
    // The near-copy under twelve procedures: twelve groups. "Many people" in 200 more documents
    // weighs almost nothing, so the shorter copies outrank the quote and fill the ten retrieval
    // candidates (checked by hand: before quotes were looked up, the source was doc-0's copy).
    const titles = ['Discectomy', 'Laminectomy', 'Foraminotomy', 'Decompression', 'Spinal fusion', 'TLIF', 'LLIF', 'Disc replacement', 'Keyhole surgery', 'Endoscopic spine surgery', 'Discectomy and laminectomy', 'TLIF and LLIF'];
    const corpus = corpusOf([
      ...titles.map((title) => ({ title, text: shorter })),
      ...Array.from({ length: 200 }, (_, i) => ({ title: `Recovery ${i}`, text: `Many people recover in week ${i}.` })),
      { title: 'Back surgery', text: quoted },
    ]);
    const [verdict] = new ClaimChecker(corpus).explain(quoted, 'text');
    assert.equal(verdict.verdict, 'agree');
    assert.equal(verdict.score, 1);
    assert.equal(verdict.source?.text, quoted);
    assert.equal(verdict.source?.file, '/corpus/doc-212.txt');
    assert.deepEqual(verdict.findings, []);
  });

  it('cites the first of identical sources', () => {
    const corpus = corpusOf([shorter, quoted, quoted].map((text, i) => ({ title: `Back surgery ${i}`, text })));
    const [verdict] = new ClaimChecker(corpus).explain(quoted, 'text');
    assert.equal(verdict.source?.file, '/corpus/doc-1.txt');
  });

  it('still reports what the taxonomy contradicts, citing the quoted sentence', () => {
    // A corpus may hold a slip of its own: a kind of procedure filed under the wrong parent.
    const slip = 'Foraminotomy is a type of disc replacement that some surgeons perform.';
    const corpus = corpusOf([shorter, slip].map((text) => ({ title: 'Back surgery', text })));
    const [verdict] = new ClaimChecker(corpus).explain(slip, 'text');
    assert.equal(verdict.verdict, 'disagree');
    assert.deepEqual(
      verdict.findings.map((f) => [f.code, f.source?.text]),
      [['procedure', slip]],
    );
    // Putting back the source wording would change nothing: no such fix is offered.
    assert.equal(verdict.findings[0].replacement, undefined);
  });

  it('offers the source wording when it differs from the sentence', () => {
    const slip = 'Foraminotomy is a type of disc replacement that some surgeons perform.';
    const corpus = corpusOf([shorter, slip].map((text) => ({ title: 'Back surgery', text })));
    const [verdict] = new ClaimChecker(corpus).explain('Foraminotomy is a type of disc replacement that surgeons perform.', 'text');
    assert.deepEqual(
      verdict.findings.map((f) => [f.code, f.replacement]),
      [['procedure', slip]],
    );
  });
});

// Speed is measured by `npm run bench`, never by a timed unit test; this checks scale behaviour.
describe('claim checker: a long document', () => {
  it('gives every one of 1,000 sentences a verdict and flags exactly the disagreeing ones', () => {
    const sentences = [
      'Fusion may limit spinal flexibility.',
      'Laminectomy is not effective for treating spinal stenosis.',
      'Thank you for choosing our hospital for your treatment.',
      'Complications can occur with any invasive procedure, such as infections, excessive bleeding or blood clots.',
    ];
    const doc = Array.from({ length: 1000 }, (_, i) => `${sentences[i % sentences.length].replace(/\.$/, '')} (note ${i}).`).join('\n\n');
    const verdicts = new ClaimChecker(checker.corpus).explain(doc, 'text');
    assert.equal(verdicts.length, 1000);
    const disagreeing = verdicts.flatMap((v, i) => (v.verdict === 'disagree' ? [i % 4] : []));
    assert.deepEqual([...new Set(disagreeing)], [1]);
    assert.equal(disagreeing.length, 250);
  });
});

describe('claim checker through the CLI', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cw-claims-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (args: string[]) => {
    let stdout = '';
    const code = await main(args, { stdout: (t) => (stdout += t), stderr: () => undefined, cwd: dir });
    return { code, stdout };
  };

  it('exits 1 with JSON findings when a claim disagrees', async () => {
    writeFileSync(path.join(dir, 'bad.md'), '# Leaflet\n\nFusion may increase spinal flexibility.\n');
    const { code, stdout } = await run(['--format', 'json', 'bad.md']);
    assert.equal(code, 1);
    const findings = JSON.parse(stdout);
    assert.equal(findings[0].file, 'bad.md');
    assert.equal(findings[0].code, 'direction');
    assert.equal(findings[0].severity, 'warning');
  });

  it('exits 0 when text agrees or is only unsupported', async () => {
    writeFileSync(path.join(dir, 'good.txt'), 'Back surgery is not without risks.\nThank you for choosing our hospital for your treatment.\n');
    const { code, stdout } = await run(['check', '--format', 'json', 'good.txt']);
    assert.equal(code, 0);
    assert.ok(JSON.parse(stdout).every((f: Finding) => f.severity === 'information'));
  });
});
