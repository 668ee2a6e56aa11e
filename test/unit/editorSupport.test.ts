import * as assert from 'node:assert/strict';
import {
  IGNORE_LINE_COMMENT,
  driftFindings,
  findSnippetMarkers,
  insertionText,
  withoutIgnoredLines,
} from '../../src/core/citation';
import { Finding } from '../../src/core/claims/finding';
import { groupByProcedure, procedureSummary, sentenceAt } from '../../src/core/procedureIndex';
import { Snippet } from '../../src/core/snippet';
import { bundledCorpus } from './helpers';

const snippet: Snippet = {
  id: 'cw-0123456789abcd',
  text: 'Spinal fusion joins two or more vertebrae.',
  procedures: ['spinal-fusion'],
  topics: ['description'],
  source: { file: '/c/a.txt', corpusPath: 'a.txt', title: 'Fusion facts', line: 3, column: 1, endLine: 3, endColumn: 43 },
};
const byId = new Map([[snippet.id, snippet]]);

describe('citations for inserted snippets', () => {
  it('none inserts the sentence exactly', () => {
    assert.deepEqual(insertionText(snippet, 'none'), { text: snippet.text });
  });

  it('comment follows the sentence with its id', () => {
    assert.equal(insertionText(snippet, 'comment').text, `${snippet.text} <!-- cw-snippet: ${snippet.id} -->`);
  });

  it('footnote adds a reference and, once, a definition naming the source', () => {
    const first = insertionText(snippet, 'footnote', '# Leaflet\n');
    assert.equal(first.text, `${snippet.text}[^${snippet.id}]`);
    assert.equal(first.appendix, `\n[^${snippet.id}]: Vetted source: Fusion facts (a.txt, line 3).\n`);
    const again = insertionText(snippet, 'footnote', `x\n\n${first.appendix}`);
    assert.equal(again.appendix, undefined);
  });
});

describe('snippet drift', () => {
  it('finds the sentence before a marker, after the previous sentence on the line', () => {
    const text = `- Intro. ${snippet.text} <!-- cw-snippet: ${snippet.id} --> More.`;
    const [marker] = findSnippetMarkers(text);
    assert.equal(marker.id, snippet.id);
    assert.equal(marker.sentence, snippet.text);
    assert.equal(text.slice(marker.sentenceStart, marker.sentenceEnd), snippet.text);
  });

  it('is quiet while the sentence matches, flags an edited sentence with the source wording as fix', () => {
    assert.deepEqual(driftFindings(`${snippet.text} <!-- cw-snippet: ${snippet.id} -->\n`, byId), []);
    const edited = 'Spinal fusion joins three vertebrae.';
    const [finding] = driftFindings(`Title\n\n${edited}[^${snippet.id}]\n\n[^${snippet.id}]: source`, byId);
    assert.equal(finding.code, 'drift');
    assert.deepEqual([finding.line, finding.column, finding.endLine, finding.endColumn], [3, 1, 3, 1 + edited.length]);
    assert.equal(finding.replacement, snippet.text);
    assert.equal(finding.source?.snippetId, snippet.id);
  });

  it('flags an id that is no longer in the corpus', () => {
    const [finding] = driftFindings('Some sentence. <!-- cw-snippet: cw-ffffffffffffff -->', byId);
    assert.match(finding.message, /no longer in the corpus/);
    assert.equal(finding.replacement, undefined);
  });

  it('drops findings on lines carrying the ignore directive', () => {
    const f = (line: number): Finding => ({ line, column: 1, endLine: line, endColumn: 2, severity: 'warning', code: 'number', message: 'm' });
    const text = `a\nb ${IGNORE_LINE_COMMENT}\nc`;
    assert.deepEqual(withoutIgnoredLines(text, [f(1), f(2), f(3)]).map((x) => x.line), [1, 3]);
  });
});

describe('procedure grouping, summaries and sentence lookup', () => {
  it('groups the bundled corpus procedure → topic in taxonomy order', async () => {
    const corpus = await bundledCorpus();
    const groups = groupByProcedure(corpus.snippets, corpus.taxonomy);
    assert.equal(groups[0].id, 'discectomy');
    const fusion = groups.find((g) => g.id === 'spinal-fusion')!;
    assert.deepEqual(fusion.topics.map((t) => t.id), ['risks', 'benefits', 'outcomes', 'recovery', 'indications', 'description']);
    for (const t of fusion.topics) for (const s of t.snippets) assert.ok(s.procedures.includes('spinal-fusion') && s.topics.includes(t.id));
  });

  it('counts each procedure\'s distinct snippets, a snippet under several topics once', async () => {
    const corpus = await bundledCorpus();
    for (const g of groupByProcedure(corpus.snippets, corpus.taxonomy)) {
      const own = corpus.snippets.filter((s) => (s.procedures.length ? s.procedures.includes(g.id) : g.id === '(other)'));
      assert.equal(g.count, own.length, g.id);
      assert.equal(g.count, new Set(g.topics.flatMap((t) => t.snippets.map((s) => s.id))).size, g.id);
    }
  });

  it('counts a sentence two corpus folders hold at the same path (one id) once, and lists both', () => {
    const at = (file: string, topics: string[]): Snippet => ({ ...snippet, topics, source: { ...snippet.source, file } });
    // The same sentence of a.txt in two folders: one id. Under two topics in the second copy.
    const groups = groupByProcedure([at('/one/a.txt', ['description']), at('/two/a.txt', ['description', 'risks'])], { procedures: [], topics: [] });
    assert.equal(groups.length, 1);
    assert.equal(groups[0].count, 1);
    assert.deepEqual(groups[0].topics.map((t) => [t.id, t.snippets.length]), [['description', 2], ['risks', 1]]);
  });

  it('summarises a procedure with a defining sentence and topic counts', async () => {
    const corpus = await bundledCorpus();
    const summary = procedureSummary('discectomy', corpus.snippets, corpus.taxonomy)!;
    assert.match(summary.definition!.text, /discectomy/i);
    assert.ok(summary.counts.risks > 0 && summary.snippetCount >= summary.counts.risks);
  });

  it('finds the sentence around an offset within its paragraph', () => {
    const text = '# Title\n\nFirst one here. Second one, with 5 mg. Third?\n- item sentence.';
    const s = sentenceAt(text, text.indexOf('Second') + 3)!;
    assert.equal(s.text, 'Second one, with 5 mg.');
    assert.equal(text.slice(s.start, s.end), s.text);
    assert.equal(sentenceAt(text, text.indexOf('item'))!.text, 'item sentence.');
    assert.equal(sentenceAt(text, 2)!.text, 'Title');
  });
});
