import * as assert from 'node:assert/strict';
import { SourceIndex, SourceIndexData } from '../../../src/core/claims/aligner';
import { Analysis, analyse, affirmedHarms, polarWords, specificProcedures } from '../../../src/core/claims/analysis';
import { PROCEDURE_APPROACHES, RISK_STEMS } from '../../../src/core/claims/lexicon';
import { ClaimChecker } from '../../../src/core/claims/checker';
import { Corpus } from '../../../src/core/corpus';
import { Snippet } from '../../../src/core/snippet';
import { Tagger } from '../../../src/core/taxonomy';
import { bundledCorpus } from '../helpers';

// The retrieval settings the brute force below restates (aligner.ts).
const MAX_QUERY_TERMS = 16;
const MAX_POSTINGS = 20000;

/** The bundled corpus with copies: repeated sentences (some in other contexts) make groups of several snippets and tied scores. */
function withCopies(corpus: Corpus): Corpus {
  const extra: Snippet[] = [];
  corpus.snippets.forEach((s, i) => {
    if (i % 3 !== 0) return;
    for (let c = 0; c < 1 + (i % 4); c++) {
      extra.push({ ...s, id: `${s.id}-copy${c}`, procedures: c % 2 ? [] : s.procedures, source: { ...s.source, file: `${s.source.file}.copy${c}` } });
    }
  });
  return { ...corpus, snippets: [...corpus.snippets, ...extra] };
}

/** Top snippets by BM25 scoring every snippet, summed as the index sums (ties: lower index). */
function bruteForce(index: SourceIndex, data: SourceIndexData, query: Analysis, limit = 10): number[] {
  const { terms, groupOf, termStarts, termList } = data;
  const groupTerms = (i: number) => new Set(Array.from(termList.subarray(termStarts[groupOf[i]], termStarts[groupOf[i] + 1]), (id) => terms[id]));
  const all = Array.from({ length: groupOf.length }, (_, i) => groupTerms(i));
  const df = (t: string) => all.filter((s) => s.has(t)).length;
  const used = [...query.stems]
    .map((t) => ({ t, idf: index.idf(t), df: df(t) }))
    .sort((a, b) => b.idf - a.idf || (a.t < b.t ? -1 : 1))
    .slice(0, MAX_QUERY_TERMS)
    .filter((x) => x.df > 0 && x.df <= MAX_POSTINGS);
  let total = 0;
  for (const s of all) total += s.size;
  const avg = total / all.length;
  const scored: Array<{ i: number; s: number }> = [];
  all.forEach((set, i) => {
    const d = 1 + 1.2 * (1 - 0.75 + (0.75 * set.size) / avg);
    let s = 0;
    let any = false;
    for (const u of used) {
      if (!set.has(u.t)) continue;
      s += (u.idf * (1.2 + 1)) / d;
      any = true;
    }
    if (any) scored.push({ i, s });
  });
  return scored
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .slice(0, limit)
    .map((x) => x.i);
}

/** Writers' sentences: corpus sentences, cut and merged ones, and a few of our own. */
function queries(corpus: Corpus): string[] {
  const texts = corpus.snippets.map((s) => s.text);
  const out: string[] = [];
  for (let i = 0; i < texts.length; i += 7) {
    out.push(texts[i]);
    const words = texts[i].split(' ');
    out.push(words.filter((_, k) => k % 3 !== 1).join(' '));
    out.push(`${words.slice(0, Math.ceil(words.length / 2)).join(' ')} ${texts[(i * 13 + 5) % texts.length]}`);
  }
  out.push('Spinal fusion always eliminates back pain and is completely risk-free.', 'Parking costs four pounds per day.', 'surgery surgery surgery');
  return out;
}

describe('source index', () => {
  let corpus: Corpus;
  let tagger: Tagger;
  let index: SourceIndex;
  before(async () => {
    corpus = withCopies(await bundledCorpus());
    tagger = new Tagger(corpus.taxonomy);
    index = new SourceIndex(corpus, tagger);
  });

  it('pruned retrieval returns what scoring every snippet returns, in the same order', () => {
    const data = index.toData();
    let compared = 0;
    for (const text of queries(corpus)) {
      const a = analyse(text, tagger);
      for (const limit of [10, 3]) {
        assert.deepEqual(index.candidates(a, limit), bruteForce(index, data, a, limit), `${text} (top ${limit})`);
        compared++;
      }
    }
    assert.ok(compared > 100);
  });

  it('an index loaded from its data gives the same spans and checks', () => {
    const data = index.toData();
    const loaded = SourceIndex.fromData(corpus, tagger, data);
    for (const text of queries(corpus).slice(0, 60)) {
      assert.deepEqual(loaded.spans(analyse(text, tagger)), index.spans(analyse(text, tagger)), text);
    }
    const document = queries(corpus).slice(0, 80).join(' ');
    const built = new ClaimChecker(corpus);
    const fromData = new ClaimChecker(corpus, built.sourceIndexData());
    assert.deepEqual(fromData.explain(document, 'text'), built.explain(document, 'text'));
  });

  it('spans equal scoring each span on its own: each candidate, and the first five merged with each neighbour once', () => {
    for (const text of queries(corpus).slice(0, 80)) {
      const a = analyse(text, tagger);
      const spans = index.spans(a);
      const expected: number[][] = [];
      const keys = new Set<string>();
      index.candidates(a).forEach((i, rank) => {
        const options = [[i]];
        const prev = rank < 5 ? index.neighbour(i, -1) : undefined;
        const next = rank < 5 ? index.neighbour(i, 1) : undefined;
        if (prev !== undefined) options.push([prev, i]);
        if (next !== undefined) options.push([i, next]);
        for (const o of options) if (!keys.has(o.join(','))) keys.add(o.join(',')) && expected.push(o);
      });
      assert.deepEqual(spans.map((s) => s.indices), expected, text);
      const data = index.toData();
      const holds = (i: number, stem: string) => {
        const g = data.groupOf[i];
        return Array.from(data.termList.subarray(data.termStarts[g], data.termStarts[g + 1])).some((id) => data.terms[id] === stem);
      };
      const units = new Set(['day', 'week', 'month', 'year', 'hour', 'percent', 'minut', 'level']);
      const gained = [...a.stems].filter((t) => !(/^\d/.test(t) || units.has(t)));
      spans.forEach((s) => {
        const alone = index.score(a, s.indices);
        assert.deepEqual({ ...s, gain: 0 }, alone, text);
        if (s.indices.length === 1) return assert.equal(s.gain, 0);
        const each = s.indices.map((i) => gained.filter((t) => holds(i, t)).length);
        const union = gained.filter((t) => s.indices.some((i) => holds(i, t))).length;
        assert.equal(s.gain, union - Math.max(...each), text);
      });
    }
  });

  it('coverages equal each snippet\'s scored coverage, for one candidate list reused across queries', () => {
    const list = corpus.snippets.map((_, i) => i).filter((i) => i % 2 === 0);
    for (const text of queries(corpus).slice(0, 40)) {
      const a = analyse(text, tagger);
      const got = index.coverages(a, list);
      list.forEach((i, n) => assert.equal(got[n], index.score(a, [i]).coverage, `${text} @${i}`));
    }
  });

  it('stored harms and procedures equal what analysing each snippet gives, built or loaded', () => {
    const loaded = SourceIndex.fromData(corpus, tagger, index.toData());
    const isGeneral = (id: string) => tagger.procedure(id)?.general === true;
    const harms = [...RISK_STEMS];
    let affirmed = 0;
    let own = 0;
    corpus.snippets.forEach((snippet, i) => {
      const a = analyse(snippet.text, tagger);
      const polar = polarWords(a);
      const expected = [...new Set(polar.filter((p) => !p.negated && RISK_STEMS.has(p.stem)).map((p) => p.stem))];
      assert.deepEqual(affirmedHarms(a), expected, snippet.text);
      for (const stem of [...harms, 'patient', 'surgeri']) {
        const want = polar.some((p) => p.stem === stem && !p.negated);
        assert.equal(index.affirmsHarm(i, stem), want, `${stem} @${i}`);
        assert.equal(loaded.affirmsHarm(i, stem), want, `${stem} @${i} (loaded)`);
        if (want) affirmed++;
      }
      // What the checks read as the procedures a source is about: its specific subjects, else its context.
      const subjects = specificProcedures(a.procedures, isGeneral).subjects;
      const about = (subjects.length ? subjects : snippet.procedures).filter((p) => !isGeneral(p) && !PROCEDURE_APPROACHES.has(p));
      const read = loaded.procedures(i).filter((p) => !isGeneral(p) && !PROCEDURE_APPROACHES.has(p));
      assert.deepEqual(read, [...new Set(about)], snippet.text);
      if (subjects.length) own++;
    });
    assert.ok(affirmed > 20 && own > 20, `${affirmed} affirmed harms, ${own} with own subjects`);
    assert.ok(index.toData().harms.length > 5);
  });

  it('refuses data that does not fit the corpus', () => {
    const data = index.toData();
    const smaller = { ...corpus, snippets: corpus.snippets.slice(1) };
    assert.throws(() => SourceIndex.fromData(smaller, tagger, data));
    assert.throws(() => SourceIndex.fromData(corpus, tagger, { ...data, format: -1 }));
    assert.throws(() => SourceIndex.fromData(corpus, tagger, { ...data, format: 1 }), 'the format before stored harms');
    assert.throws(() => SourceIndex.fromData(corpus, tagger, { ...data, format: 2 }), 'the format before the stored text table');
    assert.throws(() => SourceIndex.fromData(corpus, tagger, { ...data, textTable: new Int32Array(6) }), 'not a power of two');
    assert.throws(() => SourceIndex.fromData(corpus, tagger, { ...data, textTable: new Int32Array(8).fill(1) }), 'no empty slot');
    assert.throws(() => SourceIndex.fromData(corpus, tagger, { ...data, textTable: new Int32Array(8).fill(corpus.snippets.length + 1) }), 'no such snippet');
    const { harms, harmStarts, harmGroups, ...withoutHarms } = data;
    assert.ok(harms.length && harmStarts.length && harmGroups.length);
    assert.throws(() => SourceIndex.fromData(corpus, tagger, { ...withoutHarms, format: data.format } as SourceIndexData));
    assert.throws(() => SourceIndex.fromData(corpus, tagger, { ...data, harmGroups: harmGroups.slice().reverse() }));
  });

  it('a verbatim corpus sentence reuses the analysis of the first snippet with its text, built or loaded', () => {
    const loaded = SourceIndex.fromData(corpus, tagger, index.toData());
    const first = new Map<string, number>();
    corpus.snippets.forEach((s, i) => first.has(s.text) || first.set(s.text, i));
    assert.ok(first.size < corpus.snippets.length, 'the corpus repeats texts');
    for (const ix of [index, loaded]) {
      for (const [text, i] of first) assert.equal(ix.analyseText(text), ix.analysis(i), text);
    }
    assert.deepEqual(loaded.analyseText(`${corpus.snippets[0].text} `), analyse(`${corpus.snippets[0].text} `, tagger));
    // A table that does not fit the texts (another corpus's) only misses: the text is analysed afresh.
    const misfit = SourceIndex.fromData(corpus, tagger, { ...index.toData(), textTable: new Int32Array(8).fill(0).fill(1, 0, 4) });
    const text = corpus.snippets[3].text;
    assert.notEqual(misfit.analyseText(text), misfit.analysis(3));
    assert.deepEqual(misfit.analyseText(text), analyse(text, tagger));
  });

  it('a verbatim corpus sentence reuses its analysis; other text is analysed afresh', () => {
    const i = 5;
    const text = corpus.snippets[i].text;
    assert.equal(index.analyseText(text), index.analysis(i));
    assert.deepEqual(index.analyseText(text), analyse(text, tagger));
    const other = `${text} Really.`;
    assert.deepEqual(index.analyseText(other), analyse(other, tagger));
  });
});
