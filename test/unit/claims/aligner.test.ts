import * as assert from 'node:assert/strict';
import { HARM_WINDOW, SourceIndex, SourceIndexData, clusterOrder, harmSourcesOf, heaviestOf } from '../../../src/core/claims/aligner';
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

/** A made-up word per number (letters only, so it is a content word, not a figure). */
function madeUpWord(k: number): string {
  let out = 'zy';
  for (let n = k; ; n = Math.floor(n / 26) - 1) {
    out += String.fromCharCode(97 + (n % 26));
    if (n < 26) return out;
  }
}

/**
 * The corpus grown tenfold: each sentence in ten variants, each with a word of
 * its own (held by one group: too rare for a block bitmap, its list is walked)
 * and a word shared with about a dozen others (a bitmap), so retrieval runs
 * over many blocks with both kinds of term.
 */
function withVariants(corpus: Corpus): Corpus {
  const snippets: Snippet[] = [];
  corpus.snippets.forEach((s, i) => {
    for (let v = 0; v < 10; v++) {
      const k = i * 10 + v;
      const text = `${s.text.replace(/[.!?]$/, '')} with ${madeUpWord(k)} and ${madeUpWord(100000 + (k % 97))}.`;
      snippets.push({ ...s, id: `${s.id}-v${v}`, text, source: { ...s.source, file: `${s.source.file}.v${v}` } });
    }
  });
  return { ...corpus, snippets };
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

  it('pruned retrieval over many blocks, with rare and common query terms, returns what scoring every snippet returns', () => {
    const grown = withVariants(corpus);
    const big = new SourceIndex(grown, tagger);
    const data = big.toData();
    const groups = data.termStarts.length - 1;
    const holders = new Int32Array(data.terms.length);
    for (const id of data.termList) holders[id]++;
    // Blocks of 8 groups: a term in fewer than one group per 32 blocks has no bitmap.
    assert.ok(groups > 1000, `${groups} groups`);
    assert.ok(holders.some((h) => h === 1) && holders.some((h) => h * 32 >= groups / 8), 'rare and common terms');
    const texts = grown.snippets.map((s) => s.text);
    let compared = 0;
    for (let i = 0; i < texts.length; i += 37) {
      const words = texts[i].split(' ');
      for (const text of [texts[i], words.filter((_, k) => k % 3 !== 1).join(' '), `${words.slice(0, 6).join(' ')} ${texts[(i * 13 + 5) % texts.length]}`]) {
        const a = analyse(text, tagger);
        for (const limit of [10, 3]) {
          assert.deepEqual(big.candidates(a, limit), bruteForce(big, data, a, limit), `${text} (top ${limit})`);
          compared++;
        }
      }
    }
    assert.ok(compared > 150);
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

  it('stored harm sources: among the first snippets holding the stem, the first of each group that names the harm, built or loaded', () => {
    const loaded = SourceIndex.fromData(corpus, tagger, index.toData());
    let found = 0;
    for (const stem of RISK_STEMS) {
      const seen = new Set<number>();
      const expected: number[] = [];
      for (const i of index.containing(stem).slice(0, HARM_WINDOW)) {
        if (seen.has(index.group(i))) continue;
        seen.add(index.group(i));
        if (index.affirmsHarm(i, stem)) expected.push(i);
      }
      assert.deepEqual(Array.from(index.harmSources(stem)), expected, stem);
      assert.deepEqual(Array.from(loaded.harmSources(stem)), expected, `${stem} (loaded)`);
      found += expected.length;
    }
    assert.ok(found > 20, `${found} harm sources`);
    assert.deepEqual(Array.from(index.harmSources('patient')), [], 'not a harm');
  });

  it('refuses data that does not fit the corpus', () => {
    const data = index.toData();
    const smaller = { ...corpus, snippets: corpus.snippets.slice(1) };
    assert.throws(() => SourceIndex.fromData(smaller, tagger, data));
    assert.throws(() => SourceIndex.fromData(corpus, tagger, { ...data, format: -1 }));
    assert.throws(() => SourceIndex.fromData(corpus, tagger, { ...data, format: 1 }), 'the format before stored harms');
    assert.throws(() => SourceIndex.fromData(corpus, tagger, { ...data, format: 2 }), 'the format before the stored text table');
    assert.throws(() => SourceIndex.fromData(corpus, tagger, { ...data, format: 3 }), 'the format before groups in cluster order');
    assert.throws(() => SourceIndex.fromData(corpus, tagger, { ...data, format: 4 }), 'the format before stored harm sources');
    assert.throws(() => SourceIndex.fromData(corpus, tagger, { ...data, harmSourceList: data.harmSourceList.slice().reverse() }), 'harm sources out of order');
    assert.throws(() => SourceIndex.fromData(corpus, tagger, { ...data, textTable: new Int32Array(6) }), 'not a power of two');
    assert.throws(() => SourceIndex.fromData(corpus, tagger, { ...data, textTable: new Int32Array(8).fill(1) }), 'no empty slot');
    assert.throws(() => SourceIndex.fromData(corpus, tagger, { ...data, textTable: new Int32Array(8).fill(corpus.snippets.length + 1) }), 'no such snippet');
    const { harms, harmStarts, harmGroups, ...withoutHarms } = data;
    assert.ok(harms.length && harmStarts.length && harmGroups.length);
    assert.throws(() => SourceIndex.fromData(corpus, tagger, { ...withoutHarms, format: data.format } as SourceIndexData));
    assert.throws(() => SourceIndex.fromData(corpus, tagger, { ...data, harmGroups: harmGroups.slice().reverse() }));
  });

  it('finds a verbatim corpus sentence: the first snippet with its text, built or loaded', () => {
    const loaded = SourceIndex.fromData(corpus, tagger, index.toData());
    const first = new Map<string, number>();
    corpus.snippets.forEach((s, i) => first.has(s.text) || first.set(s.text, i));
    assert.ok(first.size < corpus.snippets.length, 'the corpus repeats texts');
    for (const ix of [index, loaded]) {
      for (const [text, i] of first) assert.equal(ix.quoted(text), i, text);
      assert.equal(ix.quoted(`${corpus.snippets[0].text} `), -1);
      assert.equal(ix.quoted(`${corpus.snippets[0].text} Really.`), -1);
    }
    // A table that does not fit the texts (another corpus's) only misses.
    const misfit = SourceIndex.fromData(corpus, tagger, { ...index.toData(), textTable: new Int32Array(8).fill(0).fill(1, 0, 4) });
    assert.notEqual(corpus.snippets[3].text, corpus.snippets[0].text);
    assert.equal(misfit.quoted(corpus.snippets[3].text), -1);
  });

  it("reads a snippet's stem count and named procedures from the index as its analysis gives them, built or loaded", () => {
    const loaded = SourceIndex.fromData(corpus, tagger, index.toData());
    let namingTwo = 0;
    corpus.snippets.forEach((s, i) => {
      const a = analyse(s.text, tagger);
      const named = new Set(a.procedures.map((p) => p.procedure)).size;
      if (named >= 2) namingTwo++;
      for (const ix of [index, loaded]) {
        assert.equal(ix.stemCount(i), a.stems.size, s.text);
        assert.equal(ix.namedProcedureCount(i), named, s.text);
      }
    });
    assert.ok(namingTwo > 0, 'some snippets name two procedures');
  });
});

describe('retrieval blocks', () => {
  it('orders groups by length, then by their terms rarest first (rarity counted in snippets), then by number', () => {
    // Snippets per group: 3, 1, 1, 1, 1. Term 0: g0, g1, g4 (5 snippets); term 1: g1, g2, g4 (3); term 2: g0, g2, g3 (5).
    // Rarest first: term 1, then terms 0 and 2 (tied: by id). Keys as ranks: g0 [1, 2], g1 [0, 1], g2 [0, 2],
    // g3 [2] (shorter: first), g4 [0, 1] (as g1: by number).
    const groups = [[0, 2], [0, 1], [1, 2], [2], [1, 0]];
    const groupOf = Int32Array.from([0, 0, 0, 1, 2, 3, 4]);
    assert.deepEqual(clusterOrder(groups, groupOf, 3), [3, 1, 4, 2, 0]);
    // Term 0 is in one group but five snippets, term 1 in two groups of one snippet each: term 1 is the rarer.
    assert.deepEqual(clusterOrder([[0], [1], [1]], Int32Array.from([0, 0, 0, 0, 0, 1, 2]), 2), [1, 2, 0]);
    assert.deepEqual(clusterOrder([], new Int32Array(0), 0), []);
  });

  it('lists harm sources: the first snippet of each group naming the harm, among the first HARM_WINDOW holding its stem', () => {
    // Harm 0 is term 0, harm 1 term 2; harm 2 no term. g0 [0, 1] names harm 0; g3 [2, 0] names both; g1 and g2 neither.
    const groups = [[0, 1], [1], [0], [2, 0]];
    const named = [[0], [], [], [0, 1]];
    // Snippet 1 is g0's first (2 a copy); 3 is g2's (holds term 0 but names nothing); 4 is g3's (6 a copy).
    const [starts, list] = harmSourcesOf(Int32Array.from([1, 0, 0, 2, 3, 1, 3]), groups, 3, [0, 2, -1], named);
    assert.deepEqual(Array.from(starts), [0, 2, 3, 3]);
    assert.deepEqual(Array.from(list), [1, 4, 4]);
    // The window counts snippets holding the stem: g0 as the 5,001st is left out, as the 5,000th kept.
    const late = Int32Array.from({ length: HARM_WINDOW + 1 }, (_, i) => (i === HARM_WINDOW ? 0 : 2));
    assert.equal(HARM_WINDOW, 5000);
    assert.deepEqual(Array.from(harmSourcesOf(late, groups, 3, [0, 2, -1], named)[1]), []);
    const inTime = Int32Array.from({ length: HARM_WINDOW }, (_, i) => (i === HARM_WINDOW - 1 ? 0 : 2));
    assert.deepEqual(Array.from(harmSourcesOf(inTime, groups, 3, [0, 2, -1], named)[1]), [HARM_WINDOW - 1]);
  });

  it('bounds a block by the heaviest terms a group of its length can hold', () => {
    // Query terms 0..3 weigh 1, 2, 4 and 8 (lightest first); per mask byte, the summed weights.
    const weights = Float64Array.from([1, 2, 4, 8]);
    const byWeight = Int32Array.from([0, 1, 2, 3]);
    const low = new Float64Array(256);
    const high = new Float64Array(256);
    for (let m = 0; m < 256; m++) for (let j = 0; j < 4; j++) if (m & (1 << j)) low[m] += weights[j];
    const bound = (m: number, length: number) => heaviestOf(m, length, 4, byWeight, weights, low, high);
    assert.equal(bound(0b1011, 2), 10, 'terms 3 and 1 of 0, 1 and 3');
    assert.equal(bound(0b1011, 3), 11);
    assert.equal(bound(0b1011, 5), 11);
    assert.equal(bound(0b0111, 1), 4);
    assert.equal(bound(0, 4), 0);
    // Bits above the first byte come from `high`.
    const highWeights = Float64Array.from([1, 1, 1, 1, 1, 1, 1, 1, 16, 32]);
    const order = Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const high2 = new Float64Array(256);
    high2[1] = 16;
    high2[2] = 32;
    high2[3] = 48;
    const low2 = new Float64Array(256);
    low2[0b11] = 2;
    assert.equal(heaviestOf((0b11 << 8) | 0b11, 4, 10, order, highWeights, low2, high2), 50);
    assert.equal(heaviestOf((0b11 << 8) | 0b11, 2, 10, order, highWeights, low2, high2), 48);
    assert.equal(heaviestOf((0b01 << 8) | 0b11, 2, 10, order, highWeights, low2, high2), 17);
  });
});
