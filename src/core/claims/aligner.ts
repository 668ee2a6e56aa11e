import { Corpus } from '../corpus';
import { Snippet } from '../snippet';
import { Tagger } from '../taxonomy';
import { Analysis, analyse } from './analysis';

const UNIT_STEMS = new Set(['day', 'week', 'month', 'year', 'hour', 'percent', 'minut', 'level']);

/** Candidates kept from the index for full comparison. */
const MAX_CANDIDATES = 10;
/** Candidates also tried merged with a neighbour. */
const MAX_MERGED = 5;
/** Query terms used for retrieval (rarest first). */
const MAX_QUERY_TERMS = 16;
/** Postings longer than this are too common to drive retrieval (they still count when rescoring). */
const MAX_POSTINGS = 20000;

/** A stretch of one or two adjacent source sentences a writer's sentence is aligned to. */
export interface Span {
  /** Snippet indices, in order (adjacent, same file). */
  indices: number[];
  /** idf-weighted share of the writer's content words found in the span (procedure names as procedures). */
  coverage: number;
  /** The same without procedure names: what the sentence says, whoever it is said of. */
  plainCoverage: number;
  /** idf-weighted share of the source's content words found in the sentence. */
  precision: number;
  /** How many distinct content stems matched. */
  matched: number;
  /** For a merged span: content stems matched only thanks to the second sentence. */
  gain: number;
}

/**
 * BM25 over source sentences by canonical stems (synonyms, US spelling,
 * procedure ids), built once per corpus. Retrieval uses the rarest query
 * terms and bounded postings, so its cost does not grow with common words.
 */
export class SourceIndex {
  readonly analyses: Analysis[] = [];
  /** Procedures each snippet is about (its own subject mentions, else its context from the corpus). */
  readonly snippetProcedures: string[][] = [];
  private readonly postings = new Map<string, number[]>();
  /** Per snippet: its terms (stems and 'proc:' ids) and its plain stems. */
  private readonly terms: Array<Set<string>> = [];
  private readonly idfCache = new Map<string, number>();
  /** Per snippet: the procedures it is about, as 'proc:' terms (a procedure it only mentions counts half). */
  private readonly aboutTerms: Array<Set<string>> = [];
  /** Per snippet: summed idf of its content stems. */
  private readonly weights: number[] = [];
  private readonly lengths: Float64Array;
  private readonly avgLength: number;
  private readonly scores: Float64Array;
  readonly size: number;

  constructor(readonly corpus: Corpus, readonly tagger: Tagger) {
    const snippets = corpus.snippets;
    this.size = snippets.length;
    this.lengths = new Float64Array(snippets.length);
    this.scores = new Float64Array(snippets.length);
    let total = 0;
    snippets.forEach((snippet, i) => {
      const a = analyse(snippet.text, tagger);
      this.analyses.push(a);
      // Its own subjects when it names any, else what the corpus gave it (context for "this procedure").
      const own = a.procedures.filter((p) => p.subject).map((p) => p.procedure);
      const procedures = [...new Set(own.length ? own : snippet.procedures)];
      this.snippetProcedures.push(procedures);
      const terms = new Set(a.stems);
      for (const p of procedures) terms.add(`proc:${p}`);
      this.terms.push(terms);
      this.aboutTerms.push(new Set(procedures.map((p) => `proc:${p}`)));
      for (const term of terms) {
        let list = this.postings.get(term);
        if (!list) this.postings.set(term, (list = []));
        list.push(i);
      }
      this.lengths[i] = terms.size;
      total += terms.size;
    });
    this.avgLength = snippets.length ? total / snippets.length : 1;
    for (const a of this.analyses) {
      let sum = 0;
      for (const s of a.stems) sum += this.idf(s);
      this.weights.push(sum);
    }
  }

  idf(term: string): number {
    let v = this.idfCache.get(term);
    if (v === undefined) {
      const df = this.postings.get(term)?.length ?? 0;
      v = Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
      if (this.idfCache.size > 100000) this.idfCache.clear();
      this.idfCache.set(term, v);
    }
    return v;
  }

  /** Snippet indices containing a term. */
  containing(term: string): readonly number[] {
    return this.postings.get(term) ?? [];
  }

  snippet(i: number): Snippet {
    return this.corpus.snippets[i];
  }

  /** Top source sentences for a writer's sentence by BM25. */
  candidates(query: Analysis, limit = MAX_CANDIDATES): number[] {
    const terms = [...query.stems].map((t) => ({ t, idf: this.idf(t), df: this.postings.get(t)?.length ?? 0 }));
    terms.sort((a, b) => b.idf - a.idf || (a.t < b.t ? -1 : 1));
    const touched: number[] = [];
    const k1 = 1.2;
    const b = 0.75;
    for (const { t, idf, df } of terms.slice(0, MAX_QUERY_TERMS)) {
      if (df === 0 || df > MAX_POSTINGS) continue;
      for (const i of this.postings.get(t)!) {
        if (this.scores[i] === 0) touched.push(i);
        const norm = k1 * (1 - b + (b * this.lengths[i]) / this.avgLength);
        this.scores[i] += (idf * (k1 + 1)) / (1 + norm);
      }
    }
    const ranked = touched.map((i) => ({ i, s: this.scores[i] }));
    for (const i of touched) this.scores[i] = 0;
    ranked.sort((x, y) => y.s - x.s || x.i - y.i);
    return ranked.slice(0, limit).map((r) => r.i);
  }

  /** Stems of a span, with its procedures. */
  spanStems(indices: readonly number[]): { all: Set<string>; plain: Set<string> } {
    const all = new Set<string>();
    const plain = new Set<string>();
    for (const i of indices) {
      for (const s of this.analyses[i].stems) all.add(s);
      for (const s of this.analyses[i].plainStems) plain.add(s);
      for (const p of this.snippetProcedures[i]) all.add(`proc:${p}`);
    }
    return { all, plain };
  }

  /** Scores how well a span covers a writer's sentence. */
  score(query: Analysis, indices: number[]): Span {
    const all = { has: (s: string) => indices.some((i) => this.terms[i].has(s)) };
    const plain = { has: (s: string) => indices.some((i) => this.analyses[i].plainStems.has(s)) };
    let total = 0;
    let hit = 0;
    let plainTotal = 0;
    let plainHit = 0;
    let matched = 0;
    for (const s of query.stems) {
      const w = this.idf(s);
      total += w;
      if (all.has(s)) {
        const about = !s.startsWith('proc:') || indices.some((i) => this.aboutTerms[i].has(s));
        hit += about ? w : w / 2;
        matched++;
      }
      if (!s.startsWith('proc:')) {
        plainTotal += w;
        if (plain.has(s)) plainHit += w;
      }
    }
    // Precision: how much of the source the sentence accounts for (breaks ties towards the closer source).
    let sourceTotal = 0;
    let sourceHit = 0;
    for (const i of indices) {
      sourceTotal += this.weights[i];
      for (const s of query.stems) if (this.analyses[i].stems.has(s)) sourceHit += this.idf(s);
    }
    return {
      indices,
      coverage: total ? hit / total : 0,
      plainCoverage: plainTotal ? plainHit / plainTotal : 0,
      precision: sourceTotal ? sourceHit / sourceTotal : 0,
      matched,
      gain: 0,
    };
  }

  /** Adjacent sentence of the same document, if any. */
  neighbour(i: number, step: 1 | -1): number | undefined {
    const j = i + step;
    if (j < 0 || j >= this.size) return undefined;
    return this.snippet(j).source.file === this.snippet(i).source.file ? j : undefined;
  }

  /** Candidate spans: each candidate alone and merged with its neighbours (a writer may merge two sentences). */
  spans(query: Analysis): Span[] {
    const out: Span[] = [];
    const seen = new Set<string>();
    this.candidates(query).forEach((i, rank) => {
      const options: number[][] = [[i]];
      const prev = rank < MAX_MERGED ? this.neighbour(i, -1) : undefined;
      const next = rank < MAX_MERGED ? this.neighbour(i, 1) : undefined;
      if (prev !== undefined) options.push([prev, i]);
      if (next !== undefined) options.push([i, next]);
      for (const indices of options) {
        const key = indices.join(',');
        if (seen.has(key)) continue;
        seen.add(key);
        const span = this.score(query, indices);
        if (indices.length > 1) {
          // Only real words count as gained (a number or unit alone must not pull in a neighbour).
          let union = 0;
          const each = indices.map(() => 0);
          for (const s of query.stems) {
            if (/^\d/.test(s) || UNIT_STEMS.has(s)) continue;
            let any = false;
            indices.forEach((k, n) => {
              if (this.terms[k].has(s)) {
                each[n]++;
                any = true;
              }
            });
            if (any) union++;
          }
          span.gain = union - Math.max(...each);
        }
        out.push(span);
      }
    });
    return out;
  }
}
